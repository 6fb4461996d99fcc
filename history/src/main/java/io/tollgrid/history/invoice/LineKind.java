package io.tollgrid.history.invoice;

/** USAGE: calls to one destination over the period (from the rollups); CHARGE: a product's recurring or one-off fee (a ledger CHARGE). */
public enum LineKind { USAGE, CHARGE }
