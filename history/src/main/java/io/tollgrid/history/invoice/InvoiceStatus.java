package io.tollgrid.history.invoice;

/**
 * ISSUED: numbered and owing; PAID: payments and credits cover its gross; OVERDUE: still owing after its due date;
 * VOID: cancelled, keeps its number (numbers stay gapless) and owes nothing. PAID and OVERDUE are derived from the
 * stored payments and the clock, never stored, so they cannot disagree with them.
 */
public enum InvoiceStatus { ISSUED, PAID, OVERDUE, VOID }
