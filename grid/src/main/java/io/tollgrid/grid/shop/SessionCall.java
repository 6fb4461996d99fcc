package io.tollgrid.grid.shop;

import java.util.Objects;

/**
 * One finished call of a booth during a day session, as the session shows it: the CDR's essentials, the shop's
 * sell price and its status. Stored in Ignite (a closed session keeps its calls), hence a final class.
 */
public final class SessionCall {
    private final String account;
    private final String callId;
    private final String callee;
    private final long startMillis;
    private final long durationSeconds;
    private final long costMicros;
    private final long sellMicros;
    private final CallStatus status;
    private final String receiptId;

    public SessionCall(String account, String callId, String callee, long startMillis, long durationSeconds,
                       long costMicros, long sellMicros, CallStatus status, String receiptId) {
        this.account = Objects.requireNonNull(account, "account");
        this.callId = Objects.requireNonNull(callId, "callId");
        this.callee = callee == null ? "" : callee;
        if (durationSeconds < 0 || costMicros < 0 || sellMicros < 0) {
            throw new IllegalArgumentException("a call's duration, cost and price are never negative");
        }
        this.startMillis = startMillis;
        this.durationSeconds = durationSeconds;
        this.costMicros = costMicros;
        this.sellMicros = sellMicros;
        this.status = Objects.requireNonNull(status, "status");
        this.receiptId = receiptId;
    }

    /** The key of a call within a session: its booth and call id (neither holds a space). */
    public static String key(String account, String callId) {
        return account + " " + callId;
    }

    public String key() {
        return key(account, callId);
    }

    public SessionCall withMark(CallMark mark) {
        if (mark == null) {
            return new SessionCall(account, callId, callee, startMillis, durationSeconds, costMicros, sellMicros,
                    CallStatus.UNSERVED, null);
        }
        // A paid call shows what was paid for it, whatever the prices say now.
        long sell = mark.status() == CallStatus.PAID ? mark.sellMicros() : sellMicros;
        return new SessionCall(account, callId, callee, startMillis, durationSeconds, costMicros, sell, mark.status(),
                mark.receiptId());
    }

    public String account() { return account; }
    public String callId() { return callId; }
    public String callee() { return callee; }
    public long startMillis() { return startMillis; }
    public long durationSeconds() { return durationSeconds; }
    public long costMicros() { return costMicros; }
    public long sellMicros() { return sellMicros; }
    public CallStatus status() { return status; }
    public String receiptId() { return receiptId; }
}
