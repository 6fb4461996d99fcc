package io.tollgrid.grid.ledger;

/**
 * The answer to posting a call imported from a switch's CDR ({@code ChargingClient.postImportedCall}). Only POSTED
 * moves money; REPLAY and BILLED_LIVE name why none moved; the refusals change nothing.
 *
 * <p>A posted call already happened, so no limit refuses it: {@code overCreditLimit} says it left the account's
 * {@code balance + creditLimit - reserved} below zero, {@code overDailyCap} that the spend of the UTC day it ended
 * is above the daily cap (docs/cdr-files.md, "Posting to the ledger": the rule CHARGE_AND_FLAG).
 */
public final class PostedCall {
    public enum Outcome {
        /** Charged now: a CHARGE transfer under the CDR's transfer id. */
        POSTED,
        /** This transfer id was posted before, with the same amount: nothing moved again. */
        REPLAY,
        /** The CDR costs nothing: the account was checked, nothing was written. */
        NOTHING_TO_POST,
        /** The switch API knows this call (a session of the account under the same call id): its stop bills it. */
        BILLED_LIVE,
        ACCOUNT_UNKNOWN,
        ACCOUNT_CLOSED,
        CURRENCY_MISMATCH,
        /** This transfer id was posted before with another amount (the CDR re-rated since): nothing moved. */
        POSTED_AT_OTHER_COST,
        INVALID_AMOUNT,
        /**
         * Nothing was posted: the call ended longer ago than the grid keeps switch-API sessions, so whether the switch
         * API billed it is for the caller to look up in history first, then to post again saying it did.
         */
        CHECK_HISTORY;

        /** True when the CDR belongs in history as it is: posted now, before, or costing nothing. */
        public boolean accepted() {
            return this == POSTED || this == REPLAY || this == NOTHING_TO_POST;
        }
    }

    private final Outcome outcome;
    private final Transfer transfer;
    private final boolean overCreditLimit;
    private final boolean overDailyCap;
    private final long liveCostMicros;

    public PostedCall(Outcome outcome, Transfer transfer, boolean overCreditLimit, boolean overDailyCap,
                      long liveCostMicros) {
        this.outcome = outcome;
        this.transfer = transfer;
        this.overCreditLimit = overCreditLimit;
        this.overDailyCap = overDailyCap;
        this.liveCostMicros = liveCostMicros;
    }

    public static PostedCall of(Outcome outcome) {
        return new PostedCall(outcome, null, false, false, 0);
    }

    public Outcome outcome() { return outcome; }
    /** The CHARGE transfer (POSTED, REPLAY), else null. */
    public Transfer transfer() { return transfer; }
    public boolean overCreditLimit() { return overCreditLimit; }
    public boolean overDailyCap() { return overDailyCap; }
    /** BILLED_LIVE: what the switch API's session has charged so far (0 while the call is in progress). */
    public long liveCostMicros() { return liveCostMicros; }

    @Override
    public String toString() {
        return outcome + (transfer == null ? "" : " " + transfer.transferId() + " " + transfer.amountMicros())
                + (overCreditLimit ? " over-credit-limit" : "") + (overDailyCap ? " over-daily-cap" : "");
    }
}
