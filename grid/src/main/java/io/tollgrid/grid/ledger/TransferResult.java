package io.tollgrid.grid.ledger;

/**
 * The answer to a transfer request. {@code refusal} is null when it applied (or had applied: {@code replay}).
 * Refusals: ACCOUNT_UNKNOWN, INVALID_AMOUNT, INSUFFICIENT_FUNDS, TRANSFER_ID_REUSED (same id, other amount or
 * other accounts), and for a transfer between accounts PAYER_UNKNOWN, SAME_ACCOUNT, CURRENCY_MISMATCH and
 * ACCOUNT_CLOSED. {@code transfer} is the credited account's record; {@code payer}, for a transfer between
 * accounts, the debited account's.
 */
public final class TransferResult {
    private final String refusal;
    private final boolean replay;
    private final Transfer transfer;
    private final Transfer payer;

    public TransferResult(String refusal, boolean replay, Transfer transfer) {
        this(refusal, replay, transfer, null);
    }

    public TransferResult(String refusal, boolean replay, Transfer transfer, Transfer payer) {
        this.refusal = refusal;
        this.replay = replay;
        this.transfer = transfer;
        this.payer = payer;
    }

    public static TransferResult refused(String refusal) {
        return new TransferResult(refusal, false, null);
    }

    public String refusal() { return refusal; }
    public boolean replay() { return replay; }
    public Transfer transfer() { return transfer; }
    public Transfer payer() { return payer; }
}
