package io.tollgrid.grid.ledger;

/**
 * The answer to correcting a charged call's cost after re-rating ({@code ChargingClient.correctCallCost}). Only
 * CORRECTED moves money; the other outcomes change nothing.
 *
 * <p>A re-rated call already happened, so no limit refuses a rise: {@code overCreditLimit} says it left the
 * account's {@code balance + creditLimit - reserved} below zero (CHARGE_AND_FLAG, as for imported calls).
 */
public final class CostCorrection {
    public enum Outcome {
        /** The difference was posted as a CORRECTION transfer. */
        CORRECTED,
        /** The ledger already holds the call at this cost (a re-run, or a re-run after a crash): nothing moved. */
        REPLAY,
        /** The ledger holds no charge for this call (a history-only import, or a transfer id that is no call's). */
        NOT_CHARGED,
        /** The ledger's cost of the call is not the one the caller re-rated from: the CDR and the ledger disagree. */
        COST_MISMATCH,
        /** The call was corrected {@code MAX_CORRECTIONS} times already. */
        TOO_MANY_CORRECTIONS,
        ACCOUNT_UNKNOWN,
        CURRENCY_MISMATCH,
        INVALID_AMOUNT
    }

    /** Bounds the corrections one call can have, and so the keys a correction reads. */
    public static final int MAX_CORRECTIONS = 16;

    private final Outcome outcome;
    private final Transfer transfer;
    private final long ledgerCostMicros;
    private final boolean overCreditLimit;

    public CostCorrection(Outcome outcome, Transfer transfer, long ledgerCostMicros, boolean overCreditLimit) {
        this.outcome = outcome;
        this.transfer = transfer;
        this.ledgerCostMicros = ledgerCostMicros;
        this.overCreditLimit = overCreditLimit;
    }

    public static CostCorrection of(Outcome outcome) {
        return new CostCorrection(outcome, null, 0, false);
    }

    /** The transfer id of a call's n-th correction (1-based): the call's own transfer id, then {@code #rerate-n}. */
    public static String correctionId(String callTransferId, int n) {
        return callTransferId + "#rerate-" + n;
    }

    public Outcome outcome() { return outcome; }
    /** CORRECTED: the CORRECTION transfer; else null. */
    public Transfer transfer() { return transfer; }
    /** What the ledger held the call at before this answer (CORRECTED, REPLAY, COST_MISMATCH), else 0. */
    public long ledgerCostMicros() { return ledgerCostMicros; }
    public boolean overCreditLimit() { return overCreditLimit; }

    @Override
    public String toString() {
        return outcome + (transfer == null ? "" : " " + transfer.transferId() + " " + transfer.amountMicros())
                + (overCreditLimit ? " over-credit-limit" : "");
    }
}
