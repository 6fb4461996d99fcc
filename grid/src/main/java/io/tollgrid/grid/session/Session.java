package io.tollgrid.grid.session;

import java.util.Objects;

/**
 * One call's state in the grid. Times are epoch milliseconds (UTC). The rate is copied in at authorise,
 * so a price change during the call does not change what it costs.
 */
public final class Session {
    private final String tenantId;
    private final String accountId;
    private final String callId;
    private final String caller;
    private final String callee;
    private final SessionState state;
    private final long authorisedAtMillis;
    private final long answeredAtMillis;
    private final long stoppedAtMillis;
    private final long maxDurationSecs;
    private final long reservedMicros;
    private final String rateId;
    private final long pricePerMinuteMicros;
    private final long connectFeeMicros;
    private final int initialIncrementSecs;
    private final int nextIncrementSecs;
    private final long durationSecs;
    private final long costMicros;

    public Session(String tenantId, String accountId, String callId, String caller, String callee, SessionState state,
                   long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long maxDurationSecs,
                   long reservedMicros, String rateId, long pricePerMinuteMicros, long connectFeeMicros,
                   int initialIncrementSecs, int nextIncrementSecs, long durationSecs, long costMicros) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.accountId = Objects.requireNonNull(accountId);
        this.callId = Objects.requireNonNull(callId);
        this.caller = caller;
        this.callee = callee;
        this.state = Objects.requireNonNull(state);
        this.authorisedAtMillis = authorisedAtMillis;
        this.answeredAtMillis = answeredAtMillis;
        this.stoppedAtMillis = stoppedAtMillis;
        this.maxDurationSecs = maxDurationSecs;
        this.reservedMicros = reservedMicros;
        this.rateId = rateId;
        this.pricePerMinuteMicros = pricePerMinuteMicros;
        this.connectFeeMicros = connectFeeMicros;
        this.initialIncrementSecs = initialIncrementSecs;
        this.nextIncrementSecs = nextIncrementSecs;
        this.durationSecs = durationSecs;
        this.costMicros = costMicros;
    }

    public Session answered(long atMillis) {
        return new Session(tenantId, accountId, callId, caller, callee, SessionState.ANSWERED, authorisedAtMillis,
                atMillis, stoppedAtMillis, maxDurationSecs, reservedMicros, rateId, pricePerMinuteMicros,
                connectFeeMicros, initialIncrementSecs, nextIncrementSecs, durationSecs, costMicros);
    }

    public Session stopped(long atMillis, long duration, long cost) {
        return new Session(tenantId, accountId, callId, caller, callee, SessionState.STOPPED, authorisedAtMillis,
                answeredAtMillis, atMillis, maxDurationSecs, reservedMicros, rateId, pricePerMinuteMicros,
                connectFeeMicros, initialIncrementSecs, nextIncrementSecs, duration, cost);
    }

    public String tenantId() { return tenantId; }
    public String accountId() { return accountId; }
    public String callId() { return callId; }
    public String caller() { return caller; }
    public String callee() { return callee; }
    public SessionState state() { return state; }
    public long authorisedAtMillis() { return authorisedAtMillis; }
    public long answeredAtMillis() { return answeredAtMillis; }
    public long stoppedAtMillis() { return stoppedAtMillis; }
    public long maxDurationSecs() { return maxDurationSecs; }
    public long reservedMicros() { return reservedMicros; }
    public String rateId() { return rateId; }
    public long pricePerMinuteMicros() { return pricePerMinuteMicros; }
    public long connectFeeMicros() { return connectFeeMicros; }
    public int initialIncrementSecs() { return initialIncrementSecs; }
    public int nextIncrementSecs() { return nextIncrementSecs; }
    public long durationSecs() { return durationSecs; }
    public long costMicros() { return costMicros; }
}
