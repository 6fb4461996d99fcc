package io.tollgrid.grid.account;

import java.util.Objects;

/** Something about an account that drives an alert or a prompt, e.g. its balance fell below the threshold. */
public final class AccountEvent {
    public static final String LOW_BALANCE = "LOW_BALANCE";
    /** An imported call's posting took the account past its credit limit (it is charged all the same). */
    public static final String CREDIT_LIMIT_EXCEEDED = "CREDIT_LIMIT_EXCEEDED";
    /** An imported call's posting took the spend of its day past the daily cap (it is charged all the same). */
    public static final String DAILY_CAP_EXCEEDED = "DAILY_CAP_EXCEEDED";

    private final String accountId;
    private final String type;
    private final long atMillis;
    private final long balanceMicros;
    private final String cause;

    public AccountEvent(String accountId, String type, long atMillis, long balanceMicros, String cause) {
        this.accountId = Objects.requireNonNull(accountId);
        this.type = Objects.requireNonNull(type);
        this.atMillis = atMillis;
        this.balanceMicros = balanceMicros;
        this.cause = cause;
    }

    public String accountId() { return accountId; }
    public String type() { return type; }
    public long atMillis() { return atMillis; }
    public long balanceMicros() { return balanceMicros; }
    public String cause() { return cause; }
}
