package io.tollgrid.grid.account;

import java.util.Objects;

/**
 * One billing account. Immutable: every change makes a new value inside a transaction.
 * The balance is posted money; {@code reservedMicros} is the sum of pending reservations of calls in
 * progress. What a new call may spend is balance + credit limit - reserved.
 */
public final class Account {
    private final String tenantId;
    private final String accountId;
    private final String currency;
    private final String ratePlanId;
    private final AccountStatus status;
    private final long balanceMicros;
    private final long creditLimitMicros;
    private final long reservedMicros;

    public Account(String tenantId, String accountId, String currency, String ratePlanId, AccountStatus status,
                   long balanceMicros, long creditLimitMicros, long reservedMicros) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.ratePlanId = Objects.requireNonNull(ratePlanId, "ratePlanId");
        this.status = Objects.requireNonNull(status, "status");
        if (creditLimitMicros < 0) {
            throw new IllegalArgumentException("credit limit must not be negative");
        }
        if (reservedMicros < 0) {
            throw new IllegalStateException("reserved went negative for " + accountId + ": " + reservedMicros);
        }
        this.balanceMicros = balanceMicros;
        this.creditLimitMicros = creditLimitMicros;
        this.reservedMicros = reservedMicros;
    }

    public String tenantId() {
        return tenantId;
    }

    public String accountId() {
        return accountId;
    }

    public String currency() {
        return currency;
    }

    public String ratePlanId() {
        return ratePlanId;
    }

    public AccountStatus status() {
        return status;
    }

    public long balanceMicros() {
        return balanceMicros;
    }

    public long creditLimitMicros() {
        return creditLimitMicros;
    }

    public long reservedMicros() {
        return reservedMicros;
    }

    /** What a new call may still reserve. */
    public long availableMicros() {
        return balanceMicros + creditLimitMicros - reservedMicros;
    }

    public Account reserve(long micros) {
        return new Account(tenantId, accountId, currency, ratePlanId, status, balanceMicros, creditLimitMicros,
                reservedMicros + micros);
    }

    /** Posts the actual cost of a call and releases its whole reservation. */
    public Account settle(long reservedByCall, long costMicros) {
        return new Account(tenantId, accountId, currency, ratePlanId, status, balanceMicros - costMicros,
                creditLimitMicros, reservedMicros - reservedByCall);
    }

    public Account credit(long micros) {
        return new Account(tenantId, accountId, currency, ratePlanId, status, balanceMicros + micros,
                creditLimitMicros, reservedMicros);
    }
}
