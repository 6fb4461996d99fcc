package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.session.Session;

/**
 * The answer of one charging operation, as it travels from the owning node back to the gateway.
 * A final class rather than a record: Ignite 2 cannot marshal records.
 */
public final class ChargingResult {
    private final Outcome outcome;
    private final DenyReason denyReason;
    private final boolean replay;
    private final String callId;
    private final long maxDurationSecs;
    private final long reservedMicros;
    private final long durationSecs;
    private final long billedSecs;
    private final long costMicros;
    private final long balanceMicros;
    private final String rateId;
    private final long pricePerMinuteMicros;
    private final String currency;
    private final long deckVersion;
    private final String ratePrefix;
    private final String priceUnit;
    private final long connectFeeMicros;
    private final OfferedRoutes routes;
    private final String carrierId;
    private final long buyCostMicros;
    /** The account's balance is under its low-balance threshold after this operation (the switch's top-up prompt). */
    private final boolean balanceLow;
    /** Not marshalled to the gateway: read on the owner, after the stop committed, to feed the carrier's quality window. */
    private final transient String buyPrefix;

    private ChargingResult(Outcome outcome, DenyReason denyReason, boolean replay, String callId, long maxDurationSecs,
                           long reservedMicros, long durationSecs, long billedSecs, long costMicros, long balanceMicros,
                           String rateId, long pricePerMinuteMicros, String currency, long deckVersion,
                           String ratePrefix, String priceUnit, long connectFeeMicros) {
        this(outcome, denyReason, replay, callId, maxDurationSecs, reservedMicros, durationSecs, billedSecs, costMicros,
                balanceMicros, rateId, pricePerMinuteMicros, currency, deckVersion, ratePrefix, priceUnit, connectFeeMicros,
                null, null, -1, false);
    }

    private ChargingResult(Outcome outcome, DenyReason denyReason, boolean replay, String callId, long maxDurationSecs,
                           long reservedMicros, long durationSecs, long billedSecs, long costMicros, long balanceMicros,
                           String rateId, long pricePerMinuteMicros, String currency, long deckVersion,
                           String ratePrefix, String priceUnit, long connectFeeMicros, OfferedRoutes routes,
                           String carrierId, long buyCostMicros, boolean balanceLow) {
        this(outcome, denyReason, replay, callId, maxDurationSecs, reservedMicros, durationSecs, billedSecs, costMicros,
                balanceMicros, rateId, pricePerMinuteMicros, currency, deckVersion, ratePrefix, priceUnit, connectFeeMicros,
                routes, carrierId, buyCostMicros, null, balanceLow);
    }

    private ChargingResult(Outcome outcome, DenyReason denyReason, boolean replay, String callId, long maxDurationSecs,
                           long reservedMicros, long durationSecs, long billedSecs, long costMicros, long balanceMicros,
                           String rateId, long pricePerMinuteMicros, String currency, long deckVersion,
                           String ratePrefix, String priceUnit, long connectFeeMicros, OfferedRoutes routes,
                           String carrierId, long buyCostMicros, String buyPrefix, boolean balanceLow) {
        this.buyPrefix = buyPrefix;
        this.balanceLow = balanceLow;
        this.routes = routes;
        this.carrierId = carrierId;
        this.buyCostMicros = buyCostMicros;
        this.outcome = outcome;
        this.denyReason = denyReason;
        this.replay = replay;
        this.callId = callId;
        this.maxDurationSecs = maxDurationSecs;
        this.reservedMicros = reservedMicros;
        this.durationSecs = durationSecs;
        this.billedSecs = billedSecs;
        this.costMicros = costMicros;
        this.balanceMicros = balanceMicros;
        this.rateId = rateId;
        this.pricePerMinuteMicros = pricePerMinuteMicros;
        this.currency = currency;
        this.deckVersion = deckVersion;
        this.ratePrefix = ratePrefix;
        this.priceUnit = priceUnit;
        this.connectFeeMicros = connectFeeMicros;
    }

    static ChargingResult of(Session session, Account account, boolean replay, long billedSecs) {
        return new ChargingResult(Outcome.OK, null, replay, session.callId(), session.maxDurationSecs(),
                session.reservedMicros(), session.durationSecs(), billedSecs, session.costMicros(),
                account == null ? 0 : account.balanceMicros(), session.rateId(), session.pricePerMinuteMicros(),
                account == null ? null : account.currency(), session.deckVersion(), session.ratePrefix(),
                session.priceUnit(), session.connectFeeMicros(), null, null, -1, balanceLow(account));
    }

    private static boolean balanceLow(Account account) {
        return account != null && account.balanceLow();
    }

    /** An authorise of an account with a route plan: the answer with the routes it offers. */
    static ChargingResult routed(Session session, Account account, boolean replay, OfferedRoutes routes) {
        return new ChargingResult(Outcome.OK, null, replay, session.callId(), session.maxDurationSecs(),
                session.reservedMicros(), session.durationSecs(), 0, session.costMicros(),
                account == null ? 0 : account.balanceMicros(), session.rateId(), session.pricePerMinuteMicros(),
                account == null ? null : account.currency(), session.deckVersion(), session.ratePrefix(),
                session.priceUnit(), session.connectFeeMicros(), routes, null, -1, balanceLow(account));
    }

    /** A stop's answer that names the carrier the call's stop named (the first stop's, on a replay). */
    static ChargingResult stopped(Session session, Account account, boolean replay, long billedSecs) {
        return stopped(session, account, replay, billedSecs, null);
    }

    /** @param buyPrefix the connected carrier's buy rate prefix for the call, or null (a replay, no carrier, not rated) */
    static ChargingResult stopped(Session session, Account account, boolean replay, long billedSecs, String buyPrefix) {
        if (session.carrierId() == null) {
            return of(session, account, replay, billedSecs);
        }
        return new ChargingResult(Outcome.OK, null, replay, session.callId(), session.maxDurationSecs(),
                session.reservedMicros(), session.durationSecs(), billedSecs, session.costMicros(),
                account == null ? 0 : account.balanceMicros(), session.rateId(), session.pricePerMinuteMicros(),
                account == null ? null : account.currency(), session.deckVersion(), session.ratePrefix(),
                session.priceUnit(), session.connectFeeMicros(), null, session.carrierId(), session.buyCostMicros(),
                buyPrefix, balanceLow(account));
    }

    static ChargingResult unknownCarrier(String callId) {
        return new ChargingResult(Outcome.UNKNOWN_CARRIER, null, false, callId, 0, 0, 0, 0, 0, 0, null, 0, null, 0, null,
                null, 0);
    }

    static ChargingResult denied(String callId, DenyReason reason, Account account) {
        Outcome outcome = reason == DenyReason.ACCOUNT_UNKNOWN ? Outcome.UNKNOWN_ACCOUNT : Outcome.DENIED;
        return new ChargingResult(outcome, reason, false, callId, 0, 0, 0, 0, 0,
                account == null ? 0 : account.balanceMicros(), null, 0, account == null ? null : account.currency(),
                0, null, null, 0);
    }

    static ChargingResult unknownSession(String callId) {
        return new ChargingResult(Outcome.UNKNOWN_SESSION, null, false, callId, 0, 0, 0, 0, 0, 0, null, 0, null, 0, null, null, 0);
    }

    public Outcome outcome() { return outcome; }
    public DenyReason denyReason() { return denyReason; }
    public boolean replay() { return replay; }
    public String callId() { return callId; }
    public long maxDurationSecs() { return maxDurationSecs; }
    public long reservedMicros() { return reservedMicros; }
    public long durationSecs() { return durationSecs; }
    public long billedSecs() { return billedSecs; }
    public long costMicros() { return costMicros; }
    public long balanceMicros() { return balanceMicros; }
    public String rateId() { return rateId; }
    public long pricePerMinuteMicros() { return pricePerMinuteMicros; }
    public String currency() { return currency; }
    /** The rate deck version that priced the call, 0 for a flat-rate plan. */
    public long deckVersion() { return deckVersion; }
    /** The deck rate's matched prefix, null for a flat-rate plan. */
    public String ratePrefix() { return ratePrefix; }
    /** MINUTE or PULSE for a deck rate (then {@link #pricePerMinuteMicros} is the price per that unit), null for flat. */
    public String priceUnit() { return priceUnit; }
    public long connectFeeMicros() { return connectFeeMicros; }
    /** The routes an authorise offers for an account with a route plan; null for every other answer. */
    public OfferedRoutes routes() { return routes; }
    /** The carrier a stop named as the one that connected the call, or null. */
    public String carrierId() { return carrierId; }
    /** That carrier's cost of the call in micros, -1 when unknown or no carrier. */
    public long buyCostMicros() { return buyCostMicros; }
    /**
     * The account's balance is under its low-balance threshold after this operation, so the switch may play the
     * top-up prompt (docs/api.md). False when the answer read no account (a start, a denial).
     */
    public boolean balanceLow() { return balanceLow; }
    /** On the owner node only (null once marshalled): the connected carrier's buy rate prefix for this stop. */
    String buyPrefix() { return buyPrefix; }
}
