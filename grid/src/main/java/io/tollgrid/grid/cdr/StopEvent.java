package io.tollgrid.grid.cdr;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.rating.CallType;

import java.util.Objects;

/**
 * A finished, rated call waiting in the outbox for ingest. Times are epoch milliseconds (UTC); 0 means never.
 * {@code estimated}: the stop never came and the reaper charged the time from answer to the reap (the CDR says so);
 * a late real stop replaces it with the same key. {@code carrierId}: the carrier the stop said connected the call, or
 * null; {@code buyCostMicros}: its cost by its buy plan, -1 when unknown (no carrier, or its plan does not rate the callee);
 * {@code sipCode}: the SIP final response the switch said ended the call (the history maps it to a Q.850 cause and a
 * disposition), 0 when it did not say; {@code pddMs}: the post-dial delay the switch measured (the INVITE relayed to
 * the first ringing or final reply), null when it did not say (and in events stored before).
 */
public final class StopEvent {
    /** A stop that gave no post-dial delay. */
    public static final int NO_PDD = -1;
    /** The longest post-dial delay a stop may give, in ms: ten minutes, beyond any INVITE timer. */
    public static final int MAX_PDD_MS = 600_000;

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
    private final String carrierId;
    private final long buyCostMicros;
    private final String extension;
    private final String department;
    private final Direction direction;
    private final CallType callType;
    private final int sipCode;
    /** Boxed so that an event stored before it existed reads null (none), not 0 ms. */
    private final Integer pddMs;

    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, false);
    }

    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, estimated, null, -1);
    }

    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated,
                     String carrierId, long buyCostMicros) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, estimated, carrierId, buyCostMicros, null,
                null, null, null);
    }

    /**
     * The full event: also the extension that made the call (the session's subscriber), its department, its
     * direction and the call type the deck gave the callee, each null when unknown.
     */
    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated,
                     String carrierId, long buyCostMicros, String extension, String department, Direction direction,
                     CallType callType) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, estimated, carrierId, buyCostMicros, extension,
                department, direction, callType, 0);
    }

    /** The full event with the switch's SIP final response ({@code sipCode}, 0 for none). */
    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated,
                     String carrierId, long buyCostMicros, String extension, String department, Direction direction,
                     CallType callType, int sipCode) {
        this(tenantId, accountId, callId, caller, callee, authorisedAtMillis, answeredAtMillis, stoppedAtMillis,
                durationSecs, billedSecs, rateId, costMicros, currency, raw, estimated, carrierId, buyCostMicros, extension,
                department, direction, callType, sipCode, NO_PDD);
    }

    /** The full event with the SIP final response and the post-dial delay ({@code pddMs}, {@link #NO_PDD} for none). */
    public StopEvent(String tenantId, String accountId, String callId, String caller, String callee,
                     long authorisedAtMillis, long answeredAtMillis, long stoppedAtMillis, long durationSecs,
                     long billedSecs, String rateId, long costMicros, String currency, String raw, boolean estimated,
                     String carrierId, long buyCostMicros, String extension, String department, Direction direction,
                     CallType callType, int sipCode, int pddMs) {
        if (pddMs != NO_PDD && (pddMs < 0 || pddMs > MAX_PDD_MS)) {
            throw new IllegalArgumentException("a post-dial delay is 0 to " + MAX_PDD_MS + " ms, or none: " + pddMs);
        }
        this.pddMs = pddMs == NO_PDD ? null : pddMs;
        if (sipCode != 0 && (sipCode < 100 || sipCode > 699)) {
            throw new IllegalArgumentException("a SIP final response is 100 to 699, or 0 for none: " + sipCode);
        }
        this.sipCode = sipCode;
        this.extension = extension;
        this.department = department;
        this.direction = direction;
        this.callType = callType;
        if (buyCostMicros < -1 || (buyCostMicros >= 0 && carrierId == null)) {
            throw new IllegalArgumentException("a buy cost is -1 (none) or the named carrier's: " + buyCostMicros);
        }
        this.carrierId = carrierId;
        this.buyCostMicros = buyCostMicros;
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
    /** The carrier that connected the call, or null. */
    public String carrierId() { return carrierId; }
    /** The carrier's cost of the call in micros, or -1 when unknown; an event stored before carriers existed reads 0. */
    public long buyCostMicros() { return carrierId == null ? -1 : buyCostMicros; }

    /** The extension (subscriber) that made the call, or null. */
    public String extension() { return extension; }
    /** The extension's department when the call ended, or null. */
    public String department() { return department; }
    /** The call's direction, or null (an event stored before directions were kept). */
    public Direction direction() { return direction; }
    /** The deck's call type of the callee, or null (a flat-rate plan, an event stored before call types were kept). */
    public CallType callType() { return callType; }

    /** The SIP final response the switch said ended the call, 0 when it did not say (and in events stored before). */
    public int sipCode() { return sipCode; }

    /** The post-dial delay in ms the switch measured, {@link #NO_PDD} when it did not say (and in events stored before). */
    public int pddMs() { return pddMs == null ? NO_PDD : pddMs; }
}
