package io.tollgrid.grid.account;

import java.util.Objects;

/**
 * A subscriber of an account: an extension, a SIP user, a PIN. Its calls spend the account's balance.
 * With {@code creditMicros} = 0 it shares the account's credit; above 0 it may spend at most that much
 * (credit assigned to the extension), tracked by its own spent and reserved totals.
 */
public final class Subscriber {
    private final String accountId;
    private final String subscriberId;
    private final long creditMicros;
    private final long spentMicros;
    private final long reservedMicros;

    public Subscriber(String accountId, String subscriberId, long creditMicros, long spentMicros, long reservedMicros) {
        this.accountId = Objects.requireNonNull(accountId);
        this.subscriberId = Objects.requireNonNull(subscriberId);
        if (creditMicros < 0 || reservedMicros < 0) {
            throw new IllegalStateException("subscriber credit and reservations must not be negative: " + subscriberId);
        }
        this.creditMicros = creditMicros;
        this.spentMicros = spentMicros;
        this.reservedMicros = reservedMicros;
    }

    public boolean hasOwnCredit() {
        return creditMicros > 0;
    }

    /** What this subscriber may still reserve; unbounded when it shares the account's credit. */
    public long remainingMicros() {
        return hasOwnCredit() ? Math.max(0, creditMicros - spentMicros - reservedMicros) : Long.MAX_VALUE;
    }

    public Subscriber reserve(long micros) {
        return new Subscriber(accountId, subscriberId, creditMicros, spentMicros, reservedMicros + micros);
    }

    public Subscriber settle(long reservedByCall, long costMicros) {
        return new Subscriber(accountId, subscriberId, creditMicros, spentMicros + costMicros, reservedMicros - reservedByCall);
    }

    public String accountId() { return accountId; }
    public String subscriberId() { return subscriberId; }
    public long creditMicros() { return creditMicros; }
    public long spentMicros() { return spentMicros; }
    public long reservedMicros() { return reservedMicros; }
}
