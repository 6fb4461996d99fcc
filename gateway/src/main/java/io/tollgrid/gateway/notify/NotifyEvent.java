package io.tollgrid.gateway.notify;

/** What a rule sends. */
public enum NotifyEvent {
    /** The balance fell below the account's low-balance threshold (the grid's stored event). */
    LOW_BALANCE,
    /** A call lasted longer than the rule's seconds (judged on the rated CDR). */
    LONG_CALL,
    /** A call cost more than the rule's amount, in the account's currency (judged on the rated CDR). */
    EXPENSIVE_CALL,
    /** An invoice was numbered; the email carries its PDF. */
    INVOICE_ISSUED,
    /** An invoice still owes something at or after its due date. */
    INVOICE_OVERDUE;

    public boolean isCall() {
        return this == LONG_CALL || this == EXPENSIVE_CALL;
    }
}
