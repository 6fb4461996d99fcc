package io.tollgrid.grid.ledger;

/**
 * The answer to a transfer request. {@code refusal} is null when it applied (or had applied: {@code replay}).
 * Refusals: ACCOUNT_UNKNOWN, INVALID_AMOUNT, INSUFFICIENT_FUNDS, TRANSFER_ID_REUSED (same id, other amount).
 */
public final class TransferResult {
    private final String refusal;
    private final boolean replay;
    private final Transfer transfer;

    public TransferResult(String refusal, boolean replay, Transfer transfer) {
        this.refusal = refusal;
        this.replay = replay;
        this.transfer = transfer;
    }

    public static TransferResult refused(String refusal) {
        return new TransferResult(refusal, false, null);
    }

    public String refusal() { return refusal; }
    public boolean replay() { return replay; }
    public Transfer transfer() { return transfer; }
}
