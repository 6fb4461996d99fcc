package io.tollgrid.grid.ledger;

import java.util.Objects;

/**
 * One applied transfer, as the history shows it. Amounts are signed micro-units. {@code counterparty} is the
 * other account of a transfer between accounts (TRANSFER_OUT, TRANSFER_IN), else null. A CORRECTION also holds
 * {@code callCostMicros}, the corrected call's cost after it, so the next re-rating of the call starts from there.
 */
public final class Transfer {
    private final String accountId;
    private final String transferId;
    private final TransferKind kind;
    private final long amountMicros;
    private final long atMillis;
    private final long balanceAfterMicros;
    private final String note;
    private final String counterparty;
    /** A CORRECTION's call cost after it; 0 for every other kind (and in transfers stored before it existed). */
    private final long callCostMicros;

    public Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                    long balanceAfterMicros, String note) {
        this(accountId, transferId, kind, amountMicros, atMillis, balanceAfterMicros, note, null);
    }

    public Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                    long balanceAfterMicros, String note, String counterparty) {
        this(accountId, transferId, kind, amountMicros, atMillis, balanceAfterMicros, note, counterparty, 0);
    }

    private Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                     long balanceAfterMicros, String note, String counterparty, long callCostMicros) {
        this.accountId = Objects.requireNonNull(accountId);
        this.transferId = Objects.requireNonNull(transferId);
        this.kind = Objects.requireNonNull(kind);
        this.amountMicros = amountMicros;
        this.atMillis = atMillis;
        this.balanceAfterMicros = balanceAfterMicros;
        this.note = note == null ? "" : note;
        boolean between = kind == TransferKind.TRANSFER_OUT || kind == TransferKind.TRANSFER_IN;
        if (between != (counterparty != null)) {
            throw new IllegalArgumentException(kind + " " + (between ? "needs" : "has no") + " counterparty");
        }
        if (between && (kind == TransferKind.TRANSFER_OUT ? amountMicros >= 0 : amountMicros <= 0)) {
            throw new IllegalArgumentException(kind + " of " + amountMicros + ": out is negative, in is positive");
        }
        if (kind == TransferKind.CORRECTION ? amountMicros == 0 || callCostMicros < 0 : callCostMicros != 0) {
            throw new IllegalArgumentException(kind + " of " + amountMicros + " with call cost " + callCostMicros
                    + ": only a correction, which moves money, holds a call cost");
        }
        this.counterparty = counterparty;
        this.callCostMicros = callCostMicros;
    }

    /**
     * A re-rated call's correction: {@code amountMicros} is what the ledger moves (negative when the call now costs
     * more), {@code callCostMicros} what the call costs after it.
     */
    public static Transfer correction(String accountId, String transferId, long amountMicros, long atMillis,
                                      long balanceAfterMicros, String note, long callCostMicros) {
        return new Transfer(accountId, transferId, TransferKind.CORRECTION, amountMicros, atMillis, balanceAfterMicros,
                note, null, callCostMicros);
    }

    public String accountId() { return accountId; }
    public String transferId() { return transferId; }
    public TransferKind kind() { return kind; }
    public long amountMicros() { return amountMicros; }
    public long atMillis() { return atMillis; }
    public long balanceAfterMicros() { return balanceAfterMicros; }
    public String note() { return note; }
    public String counterparty() { return counterparty; }
    public long callCostMicros() { return callCostMicros; }
}
