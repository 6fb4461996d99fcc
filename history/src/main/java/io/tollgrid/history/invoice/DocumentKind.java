package io.tollgrid.history.invoice;

/** An invoice (bills a period) or a credit note (credits part or all of one invoice); both take numbers from one sequence. */
public enum DocumentKind { INVOICE, CREDIT_NOTE }
