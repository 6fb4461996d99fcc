package io.tollgrid.grid.shop;

/** Where a finished call of a day session stands. */
public enum CallStatus {
    /** Ended, not yet handled by the operator. */
    UNSERVED,
    /** Paid in cash, on a receipt. */
    PAID,
    /** The customer left without paying. It can still be paid while the session is open. */
    UNPAID
}
