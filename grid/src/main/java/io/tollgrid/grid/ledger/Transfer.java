package io.tollgrid.grid.ledger;

import java.util.Objects;

/**
 * One applied transfer, as the history shows it. Amounts are signed micro-units. {@code counterparty} is the
 * other account of a transfer between accounts (TRANSFER_OUT, TRANSFER_IN), else null.
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

    public Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                    long balanceAfterMicros, String note) {
        this(accountId, transferId, kind, amountMicros, atMillis, balanceAfterMicros, note, null);
    }

    public Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                    long balanceAfterMicros, String note, String counterparty) {
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
        this.counterparty = counterparty;
    }

    public String accountId() { return accountId; }
    public String transferId() { return transferId; }
    public TransferKind kind() { return kind; }
    public long amountMicros() { return amountMicros; }
    public long atMillis() { return atMillis; }
    public long balanceAfterMicros() { return balanceAfterMicros; }
    public String note() { return note; }
    public String counterparty() { return counterparty; }
}
