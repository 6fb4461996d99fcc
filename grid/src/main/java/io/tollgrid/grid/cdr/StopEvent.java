package io.tollgrid.grid.cdr;

import java.util.Objects;

/**
 * A finished, rated call waiting in the outbox for ingest. Times are epoch milliseconds (UTC); 0 means never.
 * {@code estimated}: the stop never came and the reaper charged the time from answer to the reap (the CDR says so);
 * a late real stop replaces it with the same key.
 */
public final class StopEvent {
    private final String tenantId;
    private final String accountId;
    private final String callId;
    private final String caller;
    private final String callee;
    private final long authorisedAtMillis;
    private final long answeredAtMillis;
    private final long stoppedAtMillis;
    private final long durationSecs;
    private final long billedSecs;
    private final String rateId;
    private final long costMicros;
    private final String currency;
    private final String raw;
    private final boolean estimated;

    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, false);
    }

    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.accountId = Objects.requireNonNull(accountId);
        this.callId = Objects.requireNonNull(callId);
        this.caller = caller;
        this.callee = callee;
        this.authorisedAtMillis = authorisedAtMillis;
        this.answeredAtMillis = answeredAtMillis;
        this.stoppedAtMillis = stoppedAtMillis;
        this.durationSecs = durationSecs;
        this.billedSecs = billedSecs;
        this.rateId = rateId;
        this.costMicros = costMicros;
        this.currency = Objects.requireNonNull(currency);
        this.raw = raw;
        this.estimated = estimated;
    }

    public String tenantId() { return tenantId; }
    public String accountId() { return accountId; }
    public String callId() { return callId; }
    public String caller() { return caller; }
    public String callee() { return callee; }
    public long authorisedAtMillis() { return authorisedAtMillis; }
    public long answeredAtMillis() { return answeredAtMillis; }
    public long stoppedAtMillis() { return stoppedAtMillis; }
    public long durationSecs() { return durationSecs; }
    public long billedSecs() { return billedSecs; }
    public String rateId() { return rateId; }
    public long costMicros() { return costMicros; }
    public String currency() { return currency; }
    public String raw() { return raw; }
    public boolean estimated() { return estimated; }

    public String disposition() {
        return durationSecs > 0 ? "ANSWERED" : "NO_ANSWER";
    }
}
