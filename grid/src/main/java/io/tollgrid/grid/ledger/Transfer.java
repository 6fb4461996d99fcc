package io.tollgrid.grid.ledger;

import java.util.Objects;

/** One applied transfer, as the history shows it. Amounts are signed micro-units. */
public final class Transfer {
    private final String accountId;
    private final String transferId;
    private final TransferKind kind;
    private final long amountMicros;
    private final long atMillis;
    private final long balanceAfterMicros;
    private final String note;

    public Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis,
                    long balanceAfterMicros, String note) {
        this.accountId = Objects.requireNonNull(accountId);
        this.transferId = Objects.requireNonNull(transferId);
        this.kind = Objects.requireNonNull(kind);
        this.amountMicros = amountMicros;
        this.atMillis = atMillis;
        this.balanceAfterMicros = balanceAfterMicros;
        this.note = note == null ? "" : note;
    }

    public String accountId() { return accountId; }
    public String transferId() { return transferId; }
    public TransferKind kind() { return kind; }
    public long amountMicros() { return amountMicros; }
    public long atMillis() { return atMillis; }
    public long balanceAfterMicros() { return balanceAfterMicros; }
    public String note() { return note; }
}
