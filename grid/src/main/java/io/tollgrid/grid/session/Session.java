package io.tollgrid.grid.session;

import io.tollgrid.grid.account.Direction;

import java.util.Objects;

/**
 * One call's state in the grid. Times are epoch milliseconds (UTC), 0 for "not yet". The rate is locked in
 * at authorise, so a price change during the call does not change what it costs: a flat rate is copied in,
 * a deck rate is pinned by its deck version and plan (the deck's rates have bands, rounding and minimums
 * that a few copied numbers cannot reproduce).
 *
 * @param grantedSecs   the duration granted so far: the whole call (FULL), or the slices so far (INCREMENTAL)
 * @param reservedMicros money held for this call now
 * @param lastSequence  the highest interim sequence applied; a repeat or older one changes nothing
 * @param exempt        an emergency call: no limits, no credit check
 * @param subscriberId  the extension (or SIP user, PIN) that made the call, or null
 * @param limitedTenants the tenants up the tree whose concurrent-call counters this call holds
 * @param deckVersion   the rate deck version the call was priced from, 0 for a flat-rate plan; with
 *                      {@code deckPlanId}, the callee and the authorise instant it finds the same rate again
 * @param deckPlanId    the deck plan that priced the call, or null for a flat-rate plan
 * @param ratePrefix    the deck rate's matched prefix, or null for a flat-rate plan
 * @param priceUnit     the deck tariff's unit at the call start (MINUTE or PULSE), or null for a flat-rate plan;
 *                      the price, connect fee and increments fields then hold that tariff's terms, for display
 * @param carrierSlot   the carrier whose concurrent-call counter this call holds while in progress (taken at
 *                      authorise for the first route offered), or null: no route plan (docs/routing.md)
 * @param carrierId     the carrier the switch said connected the call, from its stop; null when it named none
 * @param buyCostMicros that carrier's cost of the call by its buy plan, or -1 when none is known (no carrier, or
 *                      its buy plan does not rate the callee)
 */
public final class Session {
    private final String tenantId;
    private final String accountId;
    private final String callId;
    private final String caller;
    private final String callee;
    private final Direction direction;
    private final boolean exempt;
    private final String subscriberId;
    private final String[] limitedTenants;
    private final SessionState state;
    private final long authorisedAtMillis;
    private final long answeredAtMillis;
    private final long stoppedAtMillis;
    private final long lastSeenMillis;
    private final long lastSequence;
    private final long grantedSecs;
    private final long reservedMicros;
    private final String rateId;
    private final long pricePerMinuteMicros;
    private final long connectFeeMicros;
    private final int initialIncrementSecs;
    private final int nextIncrementSecs;
    private final long durationSecs;
    private final long costMicros;
    private final long deckVersion;
    private final String deckPlanId;
    private final String ratePrefix;
    private final String priceUnit;
    private final String carrierSlot;
    private final String carrierId;
    private final long buyCostMicros;

    /** A call priced by a flat-rate plan. */
    public Session(String tenantId, String accountId, String callId, String caller, String callee, Direction direction,
                   boolean exempt, String subscriberId, String[] limitedTenants, SessionState state, long authorisedAtMillis, long answeredAtMillis,
                   long stoppedAtMillis, long lastSeenMillis, long lastSequence, long grantedSecs, long reservedMicros,
                   String rateId, long pricePerMinuteMicros, long connectFeeMicros, int initialIncrementSecs,
                   int nextIncrementSecs, long durationSecs, long costMicros) {
        this(tenantId, accountId, callId, caller, callee, direction, exempt, subscriberId, limitedTenants, state,
                authorisedAtMillis, answeredAtMillis, stoppedAtMillis, lastSeenMillis, lastSequence, grantedSecs,
                reservedMicros, rateId, pricePerMinuteMicros, connectFeeMicros, initialIncrementSecs, nextIncrementSecs,
                durationSecs, costMicros, 0, null, null, null);
    }

    public Session(String tenantId, String accountId, String callId, String caller, String callee, Direction direction,
                   boolean exempt, String subscriberId, String[] limitedTenants, SessionState state, long authorisedAtMillis,
                   long answeredAtMillis, long stoppedAtMillis, long lastSeenMillis, long lastSequence, long grantedSecs,
                   long reservedMicros, String rateId, long pricePerMinuteMicros, long connectFeeMicros,
                   int initialIncrementSecs, int nextIncrementSecs, long durationSecs, long costMicros,
                   long deckVersion, String deckPlanId, String ratePrefix, String priceUnit) {
        this(tenantId, accountId, callId, caller, callee, direction, exempt, subscriberId, limitedTenants, state,
                authorisedAtMillis, answeredAtMillis, stoppedAtMillis, lastSeenMillis, lastSequence, grantedSecs,
                reservedMicros, rateId, pricePerMinuteMicros, connectFeeMicros, initialIncrementSecs, nextIncrementSecs,
                durationSecs, costMicros, deckVersion, deckPlanId, ratePrefix, priceUnit, null, null, -1);
    }

    /** A call with its carrier: the slot it holds, and once stopped the carrier that connected it and its buy cost. */
    public Session(String tenantId, String accountId, String callId, String caller, String callee, Direction direction,
                   boolean exempt, String subscriberId, String[] limitedTenants, SessionState state, long authorisedAtMillis,
                   long answeredAtMillis, long stoppedAtMillis, long lastSeenMillis, long lastSequence, long grantedSecs,
                   long reservedMicros, String rateId, long pricePerMinuteMicros, long connectFeeMicros,
                   int initialIncrementSecs, int nextIncrementSecs, long durationSecs, long costMicros,
                   long deckVersion, String deckPlanId, String ratePrefix, String priceUnit, String carrierSlot,
                   String carrierId, long buyCostMicros) {
        if ((deckVersion > 0) != (deckPlanId != null)) {
            throw new IllegalArgumentException("a deck-priced session names both its deck version and plan");
        }
        this.tenantId = Objects.requireNonNull(tenantId);
        this.accountId = Objects.requireNonNull(accountId);
        this.callId = Objects.requireNonNull(callId);
        this.caller = caller;
        this.callee = callee;
        this.direction = Objects.requireNonNull(direction);
        this.exempt = exempt;
        this.subscriberId = subscriberId;
        this.limitedTenants = limitedTenants == null ? new String[0] : limitedTenants.clone();
        this.state = Objects.requireNonNull(state);
        this.authorisedAtMillis = authorisedAtMillis;
        this.answeredAtMillis = answeredAtMillis;
        this.stoppedAtMillis = stoppedAtMillis;
        this.lastSeenMillis = lastSeenMillis;
        this.lastSequence = lastSequence;
        this.grantedSecs = grantedSecs;
        this.reservedMicros = reservedMicros;
        this.rateId = rateId;
        this.pricePerMinuteMicros = pricePerMinuteMicros;
        this.connectFeeMicros = connectFeeMicros;
        this.initialIncrementSecs = initialIncrementSecs;
        this.nextIncrementSecs = nextIncrementSecs;
        this.durationSecs = durationSecs;
        this.costMicros = costMicros;
        this.deckVersion = deckVersion;
        this.deckPlanId = deckPlanId;
        this.ratePrefix = ratePrefix;
        this.priceUnit = priceUnit;
        if (buyCostMicros < -1) {
            throw new IllegalArgumentException("a buy cost is -1 (none) or not negative: " + buyCostMicros);
        }
        this.carrierSlot = carrierSlot;
        this.carrierId = carrierId;
        // A session stored before carriers existed reads 0 here; without a carrier there is no buy cost.
        this.buyCostMicros = carrierId == null ? -1 : buyCostMicros;
    }

    private Session with(SessionState newState, long answeredAt, long stoppedAt, long lastSeen, long sequence,
                         long granted, long reserved, long duration, long cost) {
        return new Session(tenantId, accountId, callId, caller, callee, direction, exempt, subscriberId, limitedTenants,
                newState, authorisedAtMillis,
                answeredAt, stoppedAt, lastSeen, sequence, granted, reserved, rateId, pricePerMinuteMicros,
                connectFeeMicros, initialIncrementSecs, nextIncrementSecs, duration, cost, deckVersion, deckPlanId,
                ratePrefix, priceUnit, carrierSlot, carrierId, buyCostMicros);
    }

    /** The same call holding a slot of this carrier (authorise, before it is stored). */
    public Session withCarrierSlot(String carrier) {
        return new Session(tenantId, accountId, callId, caller, callee, direction, exempt, subscriberId, limitedTenants,
                state, authorisedAtMillis, answeredAtMillis, stoppedAtMillis, lastSeenMillis, lastSequence, grantedSecs,
                reservedMicros, rateId, pricePerMinuteMicros, connectFeeMicros, initialIncrementSecs, nextIncrementSecs,
                durationSecs, costMicros, deckVersion, deckPlanId, ratePrefix, priceUnit, carrier, carrierId, buyCostMicros);
    }

    /** Stopped, naming the carrier that connected it and its buy cost (-1 when its buy plan does not rate it). */
    public Session stopped(long atMillis, long duration, long cost, String connectedCarrier, long buyCost) {
        Session stopped = stopped(atMillis, duration, cost);
        if (connectedCarrier == null) {
            return stopped;
        }
        return new Session(tenantId, accountId, callId, caller, callee, direction, exempt, subscriberId, limitedTenants,
                stopped.state, authorisedAtMillis, stopped.answeredAtMillis, stopped.stoppedAtMillis, stopped.lastSeenMillis,
                lastSequence, grantedSecs, reservedMicros, rateId, pricePerMinuteMicros, connectFeeMicros,
                initialIncrementSecs, nextIncrementSecs, duration, cost, deckVersion, deckPlanId, ratePrefix, priceUnit,
                carrierSlot, connectedCarrier, buyCost);
    }

    public Session answered(long atMillis) {
        return with(SessionState.ANSWERED, atMillis, stoppedAtMillis, Math.max(lastSeenMillis, atMillis), lastSequence,
                grantedSecs, reservedMicros, durationSecs, costMicros);
    }

    public Session interim(long sequence, long atMillis, long granted, long reserved) {
        return with(state, answeredAtMillis, stoppedAtMillis, Math.max(lastSeenMillis, atMillis), sequence, granted,
                reserved, durationSecs, costMicros);
    }

    public Session stopped(long atMillis, long duration, long cost) {
        return with(SessionState.STOPPED, answeredAtMillis, atMillis, Math.max(lastSeenMillis, atMillis), lastSequence,
                grantedSecs, reservedMicros, duration, cost);
    }

    /** Voided by the reaper: nothing is held for it any more. */
    public Session reaped(long atMillis) {
        return with(SessionState.REAPED, answeredAtMillis, atMillis, lastSeenMillis, lastSequence, grantedSecs, 0,
                durationSecs, costMicros);
    }

    /**
     * Charged an estimate by the reaper because its stop never came: the time from answer to {@code atMillis},
     * capped at the grant, at {@code cost}. Nothing is held for it any more.
     */
    public Session estimated(long atMillis, long elapsedSecs, long cost) {
        if (state != SessionState.ANSWERED) {
            throw new IllegalStateException("only an answered call is charged an estimate, not a " + state + " one");
        }
        if (elapsedSecs < 0 || elapsedSecs > grantedSecs) {
            throw new IllegalStateException("an estimate covers 0.." + grantedSecs + " s, not " + elapsedSecs);
        }
        return with(SessionState.ESTIMATED, answeredAtMillis, atMillis, lastSeenMillis, lastSequence, grantedSecs, 0,
                elapsedSecs, cost);
    }

    /** True while the call holds a slot and (possibly) a reservation. */
    public boolean inProgress() {
        return state == SessionState.AUTHORISED || state == SessionState.ANSWERED;
    }

    /** When the grant runs out: answered (or authorised) time plus the granted duration. */
    public long grantedUntilMillis() {
        long from = answeredAtMillis > 0 ? answeredAtMillis : authorisedAtMillis;
        return from + grantedSecs * 1000;
    }

    public String tenantId() { return tenantId; }
    public String accountId() { return accountId; }
    public String callId() { return callId; }
    public String caller() { return caller; }
    public String callee() { return callee; }
    public Direction direction() { return direction; }
    public boolean exempt() { return exempt; }
    public String subscriberId() { return subscriberId; }
    public String[] limitedTenants() { return limitedTenants.clone(); }
    public SessionState state() { return state; }
    public long authorisedAtMillis() { return authorisedAtMillis; }
    public long answeredAtMillis() { return answeredAtMillis; }
    public long stoppedAtMillis() { return stoppedAtMillis; }
    public long lastSeenMillis() { return lastSeenMillis; }
    public long lastSequence() { return lastSequence; }
    public long grantedSecs() { return grantedSecs; }
    public long maxDurationSecs() { return grantedSecs; }
    public long reservedMicros() { return reservedMicros; }
    public String rateId() { return rateId; }
    public long pricePerMinuteMicros() { return pricePerMinuteMicros; }
    public long connectFeeMicros() { return connectFeeMicros; }
    public int initialIncrementSecs() { return initialIncrementSecs; }
    public int nextIncrementSecs() { return nextIncrementSecs; }
    public long durationSecs() { return durationSecs; }
    public long costMicros() { return costMicros; }
    public long deckVersion() { return deckVersion; }
    public String deckPlanId() { return deckPlanId; }
    public String ratePrefix() { return ratePrefix; }
    public String priceUnit() { return priceUnit; }
    public String carrierSlot() { return carrierSlot; }
    public String carrierId() { return carrierId; }
    public long buyCostMicros() { return buyCostMicros; }
    /** True when a rate deck priced this call (and prices its interim and stop). */
    public boolean deckPriced() { return deckVersion > 0; }
}
