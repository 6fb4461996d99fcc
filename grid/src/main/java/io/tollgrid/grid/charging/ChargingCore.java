package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.LostStopPolicy;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.rateplan.NodeDecks;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.grid.routing.CarrierQuality;
import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.grid.tenancy.TenantTree;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.Tariff;
import io.tollgrid.rating.prefix.DialRule;
import io.tollgrid.rating.routing.CallOutcome;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.RouteList;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.RouteRequest;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.Duration;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The charging rules, run on the node that owns the account. Every operation is one pessimistic
 * transaction that locks the account first, then the session (one lock order everywhere, so no
 * deadlocks), and each is idempotent: a replay returns the first answer and moves no money.
 *
 * <p>Invariants, per account: balance + posted costs = opening balance + transfers; reserved = the sum of
 * the reservations of calls in progress; balance + credit limit - reserved never goes below zero.
 */
public final class ChargingCore {
    /** Operations this JVM committed in a transaction shared by a batch, for the node's metrics. */
    public static long batchedSteps() {
        return StepRunner.BATCHED_STEPS.sum();
    }

    /** Shared batch transactions this JVM rolled back (their operations then ran one each), for the node's metrics. */
    public static long batchFallbacks() {
        return StepRunner.BATCH_FALLBACKS.sum();
    }

    /** Calls ended on this JVM whose carrier counter was already 0 (docs/routing.md, "Carrier limits"), for the node's metrics. */
    public static long carrierSlotUnderflows() {
        return CarrierSlots.UNDERFLOWS.sum();
    }

    static final long MILLIS_PER_DAY = 86_400_000L;
    /** The tariff of an emergency call on an account whose plan cannot be found. */
    private static final FlatRate FREE = new FlatRate(Money.ZERO, Money.ZERO, 1, 1);
    /**
     * The normalisation source for deck lookups: the deck's default ("*") rule. A trunk or switch id would go
     * here once the switch API passes one; it must then be stored on the session so stop finds the same rate.
     */
    static final String DIAL_SOURCE = null;

    private final Ignite ignite;
    private final StepRunner runner;
    private final TenantSlots tenantSlots;
    private final CarrierSlots carrierSlots;
    private final RoutingTable routing;
    private final CarrierQuality quality;
    private final ChargingPolicy policy;
    private final IgniteCache<String, Account> accounts;
    private final IgniteCache<SessionKey, Session> sessions;
    /** The same cache; what is put through it expires once the policy's retention of finished calls has passed. */
    private final IgniteCache<SessionKey, Session> finishedSessions;
    private final IgniteCache<SessionKey, Boolean> liveSessions;
    private final IgniteCache<SessionKey, StopEvent> outbox;
    private final IgniteCache<String, RatePlan> ratePlans;
    private final IgniteCache<AccountScopedKey, Transfer> transfers;
    private final IgniteCache<AccountScopedKey, AccountEvent> events;
    private final IgniteCache<AccountScopedKey, Subscriber> subscribers;
    private final TenantTree tenantTree;
    private final NodeDecks decks;

    private static final String NODE_LOCAL_KEY = "tollgrid.charging.core";

    /**
     * This node's core, made once per node: building one looks up nine caches, too much to repeat for every
     * job. Until the node's policy and decks are installed a fresh core is returned and not kept.
     */
    public static ChargingCore on(Ignite ignite) {
        ChargingCore kept = (ChargingCore) ignite.cluster().nodeLocalMap().get(NODE_LOCAL_KEY);
        if (kept != null) {
            return kept;
        }
        ChargingCore core = new ChargingCore(ignite);
        boolean complete = ignite.cluster().nodeLocalMap().get(ChargingPolicy.NODE_LOCAL_KEY) != null && core.decks != null;
        if (complete) {
            ignite.cluster().<String, Object>nodeLocalMap().putIfAbsent(NODE_LOCAL_KEY, core);
        }
        return core;
    }

    public ChargingCore(Ignite ignite) {
        this.ignite = ignite;
        ChargingPolicy local = (ChargingPolicy) ignite.cluster().nodeLocalMap().get(ChargingPolicy.NODE_LOCAL_KEY);
        this.policy = local == null ? ChargingPolicy.DEFAULTS : local;
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.sessions = ignite.cache(Caches.SESSIONS);
        this.finishedSessions = sessions.withExpiryPolicy(
                new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, policy.finishedRetentionMillis())));
        this.liveSessions = ignite.cache(Caches.LIVE_SESSIONS);
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
        this.ratePlans = ignite.cache(Caches.RATE_PLANS);
        this.transfers = ignite.cache(Caches.TRANSFERS);
        this.events = ignite.cache(Caches.ACCOUNT_EVENTS);
        this.subscribers = ignite.cache(Caches.SUBSCRIBERS);
        this.runner = new StepRunner(ignite, accounts);
        this.tenantSlots = new TenantSlots(ignite.cache(Caches.TENANT_CALLS));
        this.carrierSlots = new CarrierSlots(ignite.cache(Caches.CARRIER_CALLS));
        this.routing = RoutingTable.on(ignite);
        this.quality = CarrierQuality.on(ignite);
        this.tenantTree = new TenantTree(ignite);
        this.decks = NodeDecks.of(ignite);
    }

    /** Runs one step in a transaction of its own. */
    <T> T runAlone(Step<T> step) {
        return runner.runAlone(step);
    }

    /** Runs the steps of one batch, answering each in its slot: the answer, or the exception it raised. */
    Object[] runBatch(List<Step<?>> steps) {
        return runner.runBatch(steps);
    }

    /**
     * Checks status, limits and funds, then reserves for the call and takes its slot; or denies and changes
     * nothing. Emergency numbers skip every check, reserve nothing and are free.
     */
    public ChargingResult authorise(String accountId, String callId, String caller, String callee, Direction direction,
                                    String subscriberId, long atMillis) {
        return runAlone(authoriseStep(accountId, callId, caller, callee, direction, subscriberId, atMillis));
    }

    Step<ChargingResult> authoriseStep(String accountId, String callId, String caller, String callee,
                                       Direction direction, String subscriberId, long atMillis) {
        // Reference data is read before the transaction so that it takes no lock on a replicated cache.
        Account unlocked = accounts.get(accountId);
        if (unlocked == null) {
            return Step.without(accountId, ChargingResult.denied(callId, DenyReason.ACCOUNT_UNKNOWN, null));
        }
        boolean emergency = policy.isEmergency(callee);
        PlanTariff tariff = PlanTariff.of(decks == null ? null : decks.active(), unlocked.ratePlanId(), ratePlans::get);
        RatePlan plan = tariff instanceof PlanTariff.Flat flat ? flat.plan() : null;
        PlanTariff.FromDeck deckPlan = tariff instanceof PlanTariff.FromDeck fromDeck ? fromDeck : null;
        long startSecond = Math.floorDiv(atMillis, 1000);
        Rate deckRate = deckPlan == null || emergency ? null
                : deckPlan.plan().find(DIAL_SOURCE, callee == null ? "" : callee, startSecond);
        // The tree is reference data, read before the transaction; only the counters are locked inside it.
        List<Tenant> limiting = emergency ? List.of() : tenantTree.limitedChain(unlocked.tenantId());
        String[] limitedTenants = limiting.stream().map(Tenant::tenantId).toArray(String[]::new);
        // An account with no route plan (the common case) pays one lookup in a node-local map here and nothing below.
        RoutePlan routePlan = emergency ? null : routing.planFor(unlocked.tenantId(), accountId);
        CarrierSlots.Planned routed = routePlan == null ? null
                : routesFor(routePlan, callId, callee, startSecond, deckRate, plan);
        SessionKey key = new SessionKey(accountId, callId);
        AccountScopedKey subscriberKey = subscriberId == null ? null : new AccountScopedKey(accountId, subscriberId);
        int txSize = routed == null ? 9 : 9 + routed.lockOrder().length;
        return new Step<>(accountId, () -> !limiting.isEmpty() || routed != null, txSize, shared -> {
            Account account = accounts.get(accountId);
            Subscriber subscriber = subscriberKey == null ? null : subscribers.get(subscriberKey);
            Session existing = sessions.get(key);
            if (existing != null) {
                // A repeat offers the routes as planned now, without counting again: its slot was taken the first time.
                return routed == null ? ChargingResult.of(existing, account, true, 0) : ChargingResult.routed(existing,
                        account, true, CarrierSlots.offer(routed.list(), java.util.Set.of(), existing.grantedSecs()));
            }
            if (subscriberKey != null && subscriber == null) {
                return ChargingResult.denied(callId, DenyReason.ACCOUNT_UNKNOWN, account);
            }
            long second = startSecond;
            // The account was read unlocked to plan this step; its plan may have changed since.
            boolean priced = tariff != null && tariff.planId().equals(account.ratePlanId());
            DenyReason refusal = emergency ? null : Admission.refusal(account, priced, deckRate, direction, second);
            if (refusal == null && !emergency && !tenantSlots.free(limiting, shared)) {
                refusal = DenyReason.CONCURRENT_LIMIT;
            }
            if (refusal != null) {
                return ChargingResult.denied(callId, refusal, account);
            }
            FlatRate rate = plan == null || deckRate != null ? FREE : plan.rate();
            CallPricing pricing = deckRate != null ? CallPricing.deck(deckRate, startSecond) : CallPricing.flat(rate);
            long granted;
            long reserve;
            if (emergency) {
                granted = FlatRate.MAX_GRANT_SECONDS;
                reserve = 0;
            } else {
                long funds = Math.min(Admission.spendable(account, 0, atMillis), subscriber == null ? Long.MAX_VALUE : subscriber.remainingMicros());
                long affordable = pricing.maxDurationSeconds(funds);
                if (affordable == 0) {
                    return ChargingResult.denied(callId, DenyReason.INSUFFICIENT_CREDIT, account);
                }
                granted = account.strategy() == ReservationStrategy.INCREMENTAL
                        ? Admission.firstSlice(pricing, account.limits().sliceSeconds(), affordable) : affordable;
                reserve = pricing.cost(granted);
            }
            CarrierSlots.Choice carrier = null;
            if (routed != null) {
                carrier = carrierSlots.choose(routed, shared);
                if (carrier.carrier() == null) {
                    return ChargingResult.denied(callId, DenyReason.NO_ROUTE, account);
                }
            }
            Session session = deckRate != null
                    ? deckSession(account, callId, caller, callee, direction, subscriberId, limitedTenants, atMillis,
                            granted, reserve, deckPlan.deckVersion(), deckRate)
                    : new Session(account.tenantId(), accountId, callId, caller, callee, direction, emergency,
                    subscriberId, limitedTenants, SessionState.AUTHORISED, atMillis, 0, 0, atMillis, 0, granted, reserve,
                    plan == null ? "emergency" : plan.planId(), rate.pricePerMinute().micros(),
                    rate.connectFee().micros(), rate.initialIncrementSecs(), rate.nextIncrementSecs(), 0, 0);
            if (carrier != null) {
                session = session.withCarrierSlot(carrier.carrier());
            }
            Account started = account.callStarted(reserve, direction, emergency, second);
            sessions.put(key, session);
            liveSessions.put(key, Boolean.TRUE);
            accounts.put(accountId, started);
            if (subscriber != null) {
                subscribers.put(subscriberKey, subscriber.reserve(reserve));
            }
            tenantSlots.move(limitedTenants, +1, shared);
            if (carrier == null) {
                return ChargingResult.of(session, started, false, 0);
            }
            carrierSlots.take(carrier);
            return ChargingResult.routed(session, started, false, CarrierSlots.offer(routed.list(), carrier.atLimit(), granted));
        });
    }

    /**
     * The route list for a call of an account with a route plan, before the transaction (reference data and pure
     * arithmetic): the router's order, priced against what the account pays for the call. A callee the buy deck
     * cannot read as a number, or an account without a price for it, gets no route (Admission refuses the latter).
     */
    private CarrierSlots.Planned routesFor(RoutePlan routePlan, String callId, String callee, long startSecond,
                                           Rate deckRate, RatePlan flatPlan) {
        RateDeck active = decks == null ? null : decks.active();
        CallPricing sell = deckRate != null && deckRate.isRated() ? CallPricing.deck(deckRate, startSecond)
                : flatPlan != null ? CallPricing.flat(flatPlan.rate()) : null;
        RouteList list;
        if (active == null || sell == null || callee == null) {
            list = new RouteList(routePlan.id(), routePlan.strategy(), "", null, routePlan.marginSeconds(), List.of(), List.of());
        } else {
            try {
                list = routing.router(active).route(routePlan, new RouteRequest(DialRule.DEFAULT_SOURCE, callee, startSecond,
                        sell::cost, seed(callId)));
            } catch (IllegalArgumentException notANumber) {
                list = new RouteList(routePlan.id(), routePlan.strategy(), "", null, routePlan.marginSeconds(), List.of(),
                        List.of());
            }
        }
        return CarrierSlots.plan(list, routing);
    }

    /** WEIGHT plans draw by this: the same call id gets the same order (as GET /v1/routes does). */
    private static long seed(String callId) {
        long seed = 1125899906842597L;
        for (int i = 0; i < callId.length(); i++) {
            seed = 31 * seed + callId.charAt(i);
        }
        return seed;
    }

    /**
     * The connected carrier's buy rate for the call: its buy plan in the deck version that priced the call (the active
     * deck for a flat-rate call), at the authorise instant like the sell side; null when its buy plan does not rate it.
     */
    private Rate buyRate(Carrier carrier, Session session) {
        RateDeck deck = decks == null ? null : session.deckPriced() ? decks.version(session.deckVersion()) : decks.active();
        io.tollgrid.rating.deck.RatePlan buyPlan = deck == null ? null : deck.plan(carrier.buyPlan());
        if (buyPlan == null || session.callee() == null) {
            return null;
        }
        Rate rate = buyPlan.find(DialRule.DEFAULT_SOURCE, session.callee(), Math.floorDiv(session.authorisedAtMillis(), 1000));
        return rate.isRated() ? rate : null;
    }

    private static long buyCost(Rate buy, Session session, long durationSecs) {
        return buy == null ? -1 : buy.cost(Math.floorDiv(session.authorisedAtMillis(), 1000), durationSecs);
    }

    /**
     * After a batch committed, on the owner: a first stop that named a carrier its buy plan rates feeds that carrier's
     * quality window for the prefix (answered when it lasted a second or more). Replays and refused stops feed nothing.
     */
    void stopCommitted(ChargingResult result) {
        if (result.outcome() != Outcome.OK || result.replay() || result.carrierId() == null || result.buyPrefix() == null) {
            return;
        }
        CallOutcome outcome = result.durationSecs() > 0 ? CallOutcome.answered(result.durationSecs()) : CallOutcome.UNANSWERED;
        quality.observe(new CarrierQuality.Observation(result.carrierId(), result.buyPrefix(), outcome));
    }

    /**
     * A call priced by a deck rate. Its rate id names plan, prefix and version ("retail/44@v3") on the CDR;
     * the start band's tariff is copied in for display only, pricing always goes back to the rate itself.
     */
    private static Session deckSession(Account account, String callId, String caller, String callee, Direction direction,
                                       String subscriberId, String[] limitedTenants, long atMillis, long granted,
                                       long reserve, long deckVersion, Rate rate) {
        Tariff tariff = rate.tariffAt(Math.floorDiv(atMillis, 1000));
        String planId = rate.plan().id();
        return new Session(account.tenantId(), account.accountId(), callId, caller, callee, direction, false,
                subscriberId, limitedTenants, SessionState.AUTHORISED, atMillis, 0, 0, atMillis, 0, granted, reserve,
                CallPricing.deckRateId(rate, deckVersion), tariff.price().micros(), tariff.connectFee().micros(),
                tariff.initialSeconds(), tariff.nextSeconds(), 0, 0, deckVersion, planId, rate.prefix(),
                tariff.unit().name());
    }

    /** Releases what a call held on its subscriber and its tenants' counters, and posts its cost to the subscriber. */
    private void releaseHolds(String accountId, Session session, long costMicros, boolean shared) {
        if (session.subscriberId() != null) {
            AccountScopedKey subscriberKey = new AccountScopedKey(accountId, session.subscriberId());
            Subscriber subscriber = subscribers.get(subscriberKey);
            if (subscriber != null) {
                subscribers.put(subscriberKey, subscriber.settle(session.reservedMicros(), costMicros));
            }
        }
        if (session.inProgress()) {
            tenantSlots.move(session.limitedTenants(), -1, shared);
            if (session.carrierSlot() != null) {
                carrierSlots.release(session.carrierSlot(), shared);
            }
        }
    }

    /** Marks the call answered. Repeats, and answers after stop, change nothing. */
    public ChargingResult answer(String accountId, String callId, long atMillis) {
        return runAlone(answerStep(accountId, callId, atMillis));
    }

    Step<ChargingResult> answerStep(String accountId, String callId, long atMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        return new Step<>(accountId, () -> false, 1, shared -> {
            Session session = sessions.get(key);
            if (session == null) {
                return ChargingResult.unknownSession(callId);
            }
            if (session.state() != SessionState.AUTHORISED) {
                return ChargingResult.of(session, null, true, 0);
            }
            Session answered = session.answered(atMillis);
            sessions.put(key, answered);
            return ChargingResult.of(answered, null, false, 0);
        });
    }

    /**
     * An interim report: the switch is alive. Under INCREMENTAL the grant grows by one slice, as far as the
     * funds allow; under FULL only the liveness is recorded. A sequence at or below the last one applied is
     * a replay.
     */
    public ChargingResult interim(String accountId, String callId, long sequence, long atMillis) {
        return runAlone(interimStep(accountId, callId, sequence, atMillis));
    }

    Step<ChargingResult> interimStep(String accountId, String callId, long sequence, long atMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        return new Step<>(accountId, () -> false, 3, shared -> {
            Account account = accounts.get(accountId);
            Session session = sessions.get(key);
            if (session == null || account == null) {
                return ChargingResult.unknownSession(callId);
            }
            if (!session.inProgress() || sequence <= session.lastSequence()) {
                return ChargingResult.of(session, account, true, 0);
            }
            long granted = session.grantedSecs();
            long reserve = session.reservedMicros();
            if (account.strategy() == ReservationStrategy.INCREMENTAL && !session.exempt()) {
                CallPricing pricing = pricingOf(session);
                long funds = Admission.spendable(account, reserve, atMillis);
                if (session.subscriberId() != null) {
                    Subscriber subscriber = subscribers.get(new AccountScopedKey(accountId, session.subscriberId()));
                    funds = Math.min(funds, subscriber == null ? 0 : subscriber.remainingMicros() + reserve);
                }
                long affordable = pricing.maxDurationSeconds(funds);
                long wanted = pricing.sliceEnd(granted + account.limits().sliceSeconds());
                granted = Math.max(granted, Math.min(wanted, affordable));
                reserve = Math.max(reserve, pricing.cost(granted));
            }
            Account updated = account.reserveMore(reserve - session.reservedMicros());
            if (session.subscriberId() != null && reserve > session.reservedMicros()) {
                AccountScopedKey subscriberKey = new AccountScopedKey(accountId, session.subscriberId());
                subscribers.put(subscriberKey, subscribers.get(subscriberKey).reserve(reserve - session.reservedMicros()));
            }
            Session extended = session.interim(sequence, atMillis, granted, reserve);
            sessions.put(key, extended);
            accounts.put(accountId, updated);
            return ChargingResult.of(extended, updated, false, 0);
        });
    }

    /**
     * Posts the actual cost of the call at the rate it was authorised with, releases its reservation and
     * slot, and puts the rated call in the outbox, all in one transaction. A second stop returns the first
     * answer. A stop after the reaper voided the call still bills it, within the funds left.
     * The charge is capped by {@link #chargeable}.
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw) {
        return stop(accountId, callId, durationSecs, atMillis, raw, 0);
    }

    /**
     * @param failOpenAtMillis when a trusted switch let the call through because the grid did not answer
     *                         (fail-open), the instant the gateway said so; then a call never authorised here is
     *                         billed, if the stop comes within {@link ChargingPolicy#failOpenStopInTime}. 0 for an
     *                         ordinary stop, which is refused for an unknown call.
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis) {
        return runAlone(stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, null));
    }

    /**
     * @param carrierId the carrier the switch says connected the call (docs/routing.md), or null: recorded on the
     *                  session and the CDR with its buy cost; an unknown carrier is refused and changes nothing
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis, String carrierId) {
        ChargingResult result = runAlone(stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId));
        stopCommitted(result);
        return result;
    }

    Step<ChargingResult> stopStep(String accountId, String callId, long durationSecs, long atMillis, String raw,
                                  long failOpenAtMillis, String carrierId) {
        if (durationSecs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSecs);
        }
        Carrier connected = carrierId == null ? null : routing.carrier(carrierId);
        if (carrierId != null && connected == null) {
            return Step.without(accountId, ChargingResult.unknownCarrier(callId));
        }
        SessionKey key = new SessionKey(accountId, callId);
        // Past the window, the first stop's record may have expired: billing again could bill twice, so refuse.
        boolean reconcile = policy.failOpenStopInTime(failOpenAtMillis, atMillis);
        RatePlan reconcilePlan = reconcile && sessions.get(key) == null ? planOf(accountId) : null;
        return new Step<>(accountId, () -> {
            Session planned = sessions.get(key);
            return TenantSlots.heldBy(planned) || CarrierSlots.heldBy(planned);
        }, 6, shared -> {
            Account account = accounts.get(accountId);
            Session session = sessions.get(key);
            if (session == null && account != null && reconcilePlan != null) {
                session = failedOpen(account, callId, reconcilePlan, durationSecs, atMillis);
            }
            if (session == null || account == null) {
                return ChargingResult.unknownSession(callId);
            }
            CallPricing pricing = pricingOf(session);
            if (session.state() == SessionState.STOPPED) {
                return ChargingResult.stopped(session, account, true, pricing.billedSeconds(session.durationSecs()));
            }
            if (session.state() == SessionState.ESTIMATED) {
                return correctEstimate(key, account, session, pricing, durationSecs, atMillis, raw, connected);
            }
            long billed = pricing.billedSeconds(durationSecs);
            long cost = session.exempt() ? 0 : chargeable(pricing.cost(durationSecs), account, session);
            Rate buy = connected == null ? null : buyRate(connected, session);
            Session stopped = connected == null ? session.stopped(atMillis, durationSecs, cost)
                    : session.stopped(atMillis, durationSecs, cost, connected.id(), buyCost(buy, session, durationSecs));
            // A reaped call already gave back its slot and reservation.
            boolean holdsSlot = session.inProgress();
            Account settled = account.callEnded(session.reservedMicros(), cost, session.direction(),
                    session.exempt() || !holdsSlot, Math.floorDiv(atMillis, MILLIS_PER_DAY));
            releaseHolds(accountId, session, cost, shared);
            if (holdsSlot) {
                liveSessions.remove(key);
            }
            finishedSessions.put(key, stopped);
            accounts.put(accountId, settled);
            outbox.put(key, new StopEvent(session.tenantId(), accountId, callId, session.caller(), session.callee(),
                    session.authorisedAtMillis(), session.answeredAtMillis(), atMillis, durationSecs, billed,
                    session.rateId(), cost, account.currency(), raw, false, stopped.carrierId(), stopped.buyCostMicros()));
            raiseLowBalance(account, settled, "call:" + callId, atMillis);
            return ChargingResult.stopped(stopped, settled, false, billed, buy == null ? null : buy.prefix());
        });
    }

    /**
     * Voids a call whose switch went silent: releases its reservation and slot, charges nothing. Re-checks
     * under the lock, so a stop that won the race is left alone. Returns true if it reaped.
     */
    public boolean reap(String accountId, String callId, long nowMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, StepRunner.TX_TIMEOUT_MILLIS, 2)) {
            Account account = accounts.get(accountId);
            Session session = sessions.get(key);
            if (session == null || !session.inProgress()) {
                // A marker left without a call in progress (nothing should leave one) is cleared, not kept forever.
                liveSessions.remove(key);
                tx.commit();
                return false;
            }
            if (account == null || !Admission.isSilent(session, nowMillis, policy.sessionTtlMillis())) {
                return false;
            }
            long epochDay = Math.floorDiv(nowMillis, MILLIS_PER_DAY);
            if (session.state() == SessionState.ANSWERED && account.lostStopPolicy() == LostStopPolicy.CHARGE_ELAPSED) {
                chargeElapsed(key, account, session, nowMillis, epochDay);
            } else {
                releaseHolds(accountId, session, 0, false);
                finishedSessions.put(key, session.reaped(nowMillis));
                accounts.put(accountId, account.callEnded(session.reservedMicros(), 0, session.direction(), session.exempt(),
                        epochDay));
            }
            liveSessions.remove(key);
            tx.commit();
            return true;
        }
    }

    /**
     * {@link LostStopPolicy#CHARGE_ELAPSED}: the silent answered call is charged from its answer to now, capped at its
     * grant, within the funds its reservation frees; its CDR goes out flagged as estimated. Runs in the reaper's
     * transaction.
     */
    private void chargeElapsed(SessionKey key, Account account, Session session, long nowMillis, long epochDay) {
        long elapsed = Math.min(session.grantedSecs(), Math.max(0, (nowMillis - session.answeredAtMillis()) / 1000));
        CallPricing pricing = pricingOf(session);
        long cost = session.exempt() ? 0 : chargeable(pricing.cost(elapsed), account, session);
        Session estimated = session.estimated(nowMillis, elapsed, cost);
        Account settled = account.callEnded(session.reservedMicros(), cost, session.direction(), session.exempt(), epochDay);
        releaseHolds(key.accountId(), session, cost, false);
        finishedSessions.put(key, estimated);
        accounts.put(key.accountId(), settled);
        outbox.put(key, new StopEvent(session.tenantId(), key.accountId(), key.callId(), session.caller(), session.callee(),
                session.authorisedAtMillis(), session.answeredAtMillis(), nowMillis, elapsed, pricing.billedSeconds(elapsed),
                session.rateId(), cost, account.currency(), "", true));
        raiseLowBalance(account, settled, "call:" + key.callId(), nowMillis);
    }

    /**
     * The late stop of a call the reaper charged an estimate for: the charge becomes the real duration's (within the
     * funds the estimate's refund would leave), the CDR is replaced under the same key, and the session is stopped,
     * so that a further stop replays this answer. Runs in the stop's transaction.
     */
    private ChargingResult correctEstimate(SessionKey key, Account account, Session session, CallPricing pricing,
                                           long durationSecs, long atMillis, String raw, Carrier connected) {
        long estimate = session.costMicros();
        long actual = session.exempt() ? 0
                : Math.max(0, Math.min(pricing.cost(durationSecs), account.availableMicros() + estimate));
        Account corrected = account.callCorrected(estimate, actual, Math.floorDiv(atMillis, MILLIS_PER_DAY));
        if (session.subscriberId() != null) {
            AccountScopedKey subscriberKey = new AccountScopedKey(key.accountId(), session.subscriberId());
            Subscriber subscriber = subscribers.get(subscriberKey);
            if (subscriber != null) {
                subscribers.put(subscriberKey, subscriber.settle(0, actual - estimate));
            }
        }
        long billed = pricing.billedSeconds(durationSecs);
        Rate buy = connected == null ? null : buyRate(connected, session);
        Session stopped = connected == null ? session.stopped(atMillis, durationSecs, actual)
                : session.stopped(atMillis, durationSecs, actual, connected.id(), buyCost(buy, session, durationSecs));
        finishedSessions.put(key, stopped);
        accounts.put(key.accountId(), corrected);
        outbox.put(key, new StopEvent(session.tenantId(), key.accountId(), key.callId(), session.caller(), session.callee(),
                session.authorisedAtMillis(), session.answeredAtMillis(), atMillis, durationSecs, billed, session.rateId(),
                actual, account.currency(), raw, false, stopped.carrierId(), stopped.buyCostMicros()));
        raiseLowBalance(account, corrected, "call:" + key.callId(), atMillis);
        return ChargingResult.stopped(stopped, corrected, false, billed, buy == null ? null : buy.prefix());
    }

    private RatePlan planOf(String accountId) {
        Account account = accounts.get(accountId);
        return account == null ? null : ratePlans.get(account.ratePlanId());
    }

    /**
     * The session a fail-open call would have had: it held no slot and no reservation (hence REAPED, which
     * holds nothing), and is priced at the account's plan like any other.
     */
    private static Session failedOpen(Account account, String callId, RatePlan plan, long durationSecs, long atMillis) {
        FlatRate rate = plan.rate();
        return new Session(account.tenantId(), account.accountId(), callId, null, null, Direction.OUTBOUND, false, null,
                null, SessionState.REAPED, atMillis - durationSecs * 1000, 0, 0, atMillis, 0, durationSecs, 0,
                plan.planId() + "/fail-open", rate.pricePerMinute().micros(), rate.connectFee().micros(),
                rate.initialIncrementSecs(), rate.nextIncrementSecs(), 0, 0);
    }

    /** Applies a top-up, refund or adjustment once per transfer id. */
    public TransferResult transfer(String accountId, String transferId, TransferKind kind, long amountMicros,
                                   long atMillis, String note) {
        return runAlone(transferStep(accountId, transferId, kind, amountMicros, atMillis, note));
    }

    Step<TransferResult> transferStep(String accountId, String transferId, TransferKind kind, long amountMicros,
                                      long atMillis, String note) {
        boolean validAmount = kind == TransferKind.ADJUSTMENT ? amountMicros != 0
                : kind == TransferKind.CHARGE ? amountMicros < 0 : amountMicros > 0;
        if (!kind.isOperators()) {
            throw new IllegalArgumentException(kind + " moves money between two accounts: transferBetween");
        }
        if (!validAmount) {
            return Step.without(accountId, TransferResult.refused("INVALID_AMOUNT"));
        }
        AccountScopedKey key = new AccountScopedKey(accountId, transferId);
        return new Step<>(accountId, () -> false, 3, shared -> {
            Account account = accounts.get(accountId);
            if (account == null) {
                return TransferResult.refused("ACCOUNT_UNKNOWN");
            }
            Transfer existing = transfers.get(key);
            if (existing != null) {
                boolean same = existing.kind() == kind && existing.amountMicros() == amountMicros;
                return same ? new TransferResult(null, true, existing) : TransferResult.refused("TRANSFER_ID_REUSED");
            }
            Account credited = account.credited(amountMicros);
            if (amountMicros < 0 && credited.availableMicros() < 0) {
                return TransferResult.refused("INSUFFICIENT_FUNDS");
            }
            Transfer transfer = new Transfer(accountId, transferId, kind, amountMicros, atMillis,
                    credited.balanceMicros(), note);
            transfers.put(key, transfer);
            accounts.put(accountId, credited);
            raiseLowBalance(account, credited, "transfer:" + transferId, atMillis);
            return new TransferResult(null, false, transfer);
        });
    }

    /**
     * Moves money from one account to another (a reseller's wallet to its customer), once per transfer id:
     * one transaction that locks both accounts, in id order like a batch, and writes both halves of the
     * transfer. Refused when the payer's balance plus its credit limit, less what its calls in progress hold,
     * does not cover it. Creates no money: the two balances change by the same amount in opposite directions.
     */
    public TransferResult transferBetween(String payerId, String payeeId, String transferId, long amountMicros,
                                          long atMillis, String note) {
        return runAlone(transferBetweenStep(payerId, payeeId, transferId, amountMicros, atMillis, note));
    }

    Step<TransferResult> transferBetweenStep(String payerId, String payeeId, String transferId, long amountMicros,
                                             long atMillis, String note) {
        if (amountMicros <= 0) {
            return Step.without(payeeId, TransferResult.refused("INVALID_AMOUNT"));
        }
        if (payerId.equals(payeeId)) {
            return Step.without(payeeId, TransferResult.refused("SAME_ACCOUNT"));
        }
        AccountScopedKey outKey = new AccountScopedKey(payerId, transferId);
        AccountScopedKey inKey = new AccountScopedKey(payeeId, transferId);
        // Never shares a batch's transaction: it locks a second account, which may live on another node.
        return new Step<>(payeeId, () -> true, 6, shared -> {
            boolean payerFirst = payerId.compareTo(payeeId) < 0;
            Account first = accounts.get(payerFirst ? payerId : payeeId); // one lock order with batches: by id
            Account second = accounts.get(payerFirst ? payeeId : payerId);
            Account payer = payerFirst ? first : second;
            Account payee = payerFirst ? second : first;
            if (payee == null) {
                return TransferResult.refused("ACCOUNT_UNKNOWN");
            }
            if (payer == null) {
                return TransferResult.refused("PAYER_UNKNOWN");
            }
            Transfer out = transfers.get(outKey);
            Transfer in = transfers.get(inKey);
            if (out != null || in != null) {
                boolean same = out != null && in != null && out.kind() == TransferKind.TRANSFER_OUT
                        && in.kind() == TransferKind.TRANSFER_IN && in.amountMicros() == amountMicros
                        && payeeId.equals(out.counterparty()) && payerId.equals(in.counterparty());
                return same ? new TransferResult(null, true, in, out) : TransferResult.refused("TRANSFER_ID_REUSED");
            }
            if (!payer.currency().equals(payee.currency())) {
                return TransferResult.refused("CURRENCY_MISMATCH");
            }
            if (payee.status() == AccountStatus.CLOSED) {
                return TransferResult.refused("ACCOUNT_CLOSED");
            }
            if (payer.availableMicros() < amountMicros) {
                return TransferResult.refused("INSUFFICIENT_FUNDS");
            }
            Account debited = payer.transferredOut(amountMicros);
            Account credited = payee.credited(amountMicros);
            Transfer paid = new Transfer(payerId, transferId, TransferKind.TRANSFER_OUT, -amountMicros, atMillis,
                    debited.balanceMicros(), note, payeeId);
            Transfer received = new Transfer(payeeId, transferId, TransferKind.TRANSFER_IN, amountMicros, atMillis,
                    credited.balanceMicros(), note, payerId);
            // Ledger invariant: what left one account is exactly what reached the other.
            if (debited.balanceMicros() - payer.balanceMicros() != -(credited.balanceMicros() - payee.balanceMicros())) {
                throw new IllegalStateException("transfer " + transferId + " would create or destroy money");
            }
            transfers.put(outKey, paid);
            transfers.put(inKey, received);
            accounts.put(payerId, debited);
            accounts.put(payeeId, credited);
            raiseLowBalance(payer, debited, "transfer:" + transferId, atMillis);
            return new TransferResult(null, false, received, paid);
        });
    }

    /**
     * Posts a call imported from a switch's CDR (ingest, {@code post=true}) to its account, once per transfer id: a
     * CHARGE transfer of its cost, in one transaction on the account's owner, beside the transfers of vouchers and
     * product charges, and a stopped record under the switch's call id that a later fail-open stop of the call replays
     * ({@link #IMPORTED_CALL_RATE}). Not posted, changing nothing: a transfer id posted before (REPLAY, or POSTED_AT_OTHER_COST
     * when the amount differs), and a call the switch API knows (a session of this account under
     * {@code switchCallId}, in any state: its stop bills it, BILLED_LIVE). Refused: an unknown or closed account,
     * another currency. The call already happened, so neither the credit limit nor the daily cap refuses it
     * (CHARGE_AND_FLAG): it is charged in full and the answer flags it, with an account event on the crossing;
     * the low-balance event is raised as for any charge. A cost of 0 checks the account and writes nothing.
     *
     * @param switchCallId the switch's call id (without a leg), or null when the CDR has none
     * @param endedAtMillis when the call ended: the transfer's instant and the day whose spend it counts in
     */
    public PostedCall postImportedCall(String accountId, String switchCallId, String transferId, String currency,
                                       long costMicros, long endedAtMillis, String note) {
        return runAlone(importedCallStep(accountId, switchCallId, transferId, currency, costMicros, endedAtMillis, note));
    }

    Step<PostedCall> importedCallStep(String accountId, String switchCallId, String transferId, String currency,
                                      long costMicros, long endedAtMillis, String note) {
        if (costMicros < 0) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.INVALID_AMOUNT));
        }
        // Reference data before the transaction: whether the account exists and its currency (which never changes).
        Account unlocked = accounts.get(accountId);
        if (unlocked == null) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.ACCOUNT_UNKNOWN));
        }
        if (!unlocked.currency().equals(currency)) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.CURRENCY_MISMATCH));
        }
        if (costMicros == 0) {
            return Step.without(accountId, PostedCall.of(PostedCall.Outcome.NOTHING_TO_POST));
        }
        AccountScopedKey key = new AccountScopedKey(accountId, transferId);
        SessionKey live = switchCallId == null ? null : new SessionKey(accountId, switchCallId);
        return new Step<>(accountId, () -> false, 5, shared -> {
            Account account = accounts.get(accountId);
            if (account == null) {
                return PostedCall.of(PostedCall.Outcome.ACCOUNT_UNKNOWN);
            }
            Transfer existing = transfers.get(key);
            if (existing != null) {
                boolean same = existing.kind() == TransferKind.CHARGE && existing.amountMicros() == -costMicros;
                return same ? new PostedCall(PostedCall.Outcome.REPLAY, existing, false, false, 0)
                        : new PostedCall(PostedCall.Outcome.POSTED_AT_OTHER_COST, existing, false, false, 0);
            }
            Session session = live == null ? null : sessions.get(live);
            if (session != null && (session.rateId() == null || !session.rateId().startsWith(IMPORTED_CALL_RATE))) {
                return new PostedCall(PostedCall.Outcome.BILLED_LIVE, null, false, false, session.costMicros());
            }
            if (account.status() == AccountStatus.CLOSED) {
                return PostedCall.of(PostedCall.Outcome.ACCOUNT_CLOSED);
            }
            long day = Math.floorDiv(endedAtMillis, MILLIS_PER_DAY);
            Account charged = account.importedCallPosted(costMicros, day);
            boolean overLimit = charged.availableMicros() < 0;
            long cap = account.limits().dailyCapMicros();
            boolean overCap = cap > 0 && charged.spentOnMicros(day) > cap;
            String flags = (overLimit ? " [over credit limit]" : "") + (overCap ? " [over daily cap]" : "");
            Transfer transfer = new Transfer(accountId, transferId, TransferKind.CHARGE, -costMicros, endedAtMillis,
                    charged.balanceMicros(), (note == null ? "" : note) + flags);
            transfers.put(key, transfer);
            accounts.put(accountId, charged);
            if (live != null) {
                // The switch API's view of this call from now on: stopped, for one retention like a real stop, so a
                // fail-open stop of it arriving later replays this record instead of billing the call again. It holds
                // nothing and is no session of the switch: another imported leg of the call still posts.
                finishedSessions.put(live, importedCall(account, switchCallId, transferId, costMicros, endedAtMillis));
            }
            String cause = "transfer:" + transferId;
            raiseLowBalance(account, charged, cause, endedAtMillis);
            if (overLimit && account.availableMicros() >= 0) {
                events.put(new AccountScopedKey(accountId, AccountEvent.CREDIT_LIMIT_EXCEEDED + "@" + endedAtMillis + "/" + cause),
                        new AccountEvent(accountId, AccountEvent.CREDIT_LIMIT_EXCEEDED, endedAtMillis, charged.balanceMicros(), cause));
            }
            if (overCap && account.spentOnMicros(day) <= cap) {
                events.put(new AccountScopedKey(accountId, AccountEvent.DAILY_CAP_EXCEEDED + "@" + endedAtMillis + "/" + cause),
                        new AccountEvent(accountId, AccountEvent.DAILY_CAP_EXCEEDED, endedAtMillis, charged.balanceMicros(), cause));
            }
            return new PostedCall(PostedCall.Outcome.POSTED, transfer, overLimit, overCap, 0);
        });
    }

    /** The rate id prefix of the stopped record an imported call leaves under its switch call id. */
    static final String IMPORTED_CALL_RATE = "imported:";

    /** The stopped record of an imported call: no slot, no reservation, its cost; rate id {@code imported:<transfer id>}. */
    private static Session importedCall(Account account, String switchCallId, String transferId, long costMicros,
                                        long endedAtMillis) {
        return new Session(account.tenantId(), account.accountId(), switchCallId, null, null, Direction.OUTBOUND, false,
                null, null, SessionState.STOPPED, endedAtMillis, 0, endedAtMillis, endedAtMillis, 0, 0, 0,
                IMPORTED_CALL_RATE + transferId, 0, 0, 1, 1, 0, costMicros);
    }

    /** One event per downward crossing of the low-balance threshold, written in the same transaction. */
    private void raiseLowBalance(Account before, Account after, String cause, long atMillis) {
        if (after.crossedLowBalanceFrom(before)) {
            events.put(new AccountScopedKey(after.accountId(), AccountEvent.LOW_BALANCE + "@" + atMillis + "/" + cause),
                    new AccountEvent(after.accountId(), AccountEvent.LOW_BALANCE, atMillis, after.balanceMicros(), cause));
        }
    }

    /**
     * The rated cost, capped so that no balance ever goes below minus its credit limit nor eats into other
     * calls' reservations. Only a call that overran the duration it was granted can hit the cap; its
     * shortfall is the switch's overrun and is not billed.
     */
    static long chargeable(long ratedCost, Account account, Session session) {
        long availableOnceReleased = account.availableMicros() + session.reservedMicros();
        return Math.max(0, Math.min(ratedCost, availableOnceReleased));
    }

    /**
     * The pricing a call was authorised with. A deck-priced call finds its rate again in the deck version it
     * was authorised with (held on this node, or compiled from storage off this thread), at the authorise
     * instant, so a deck swapped in since changes nothing for it.
     */
    private CallPricing pricingOf(Session session) {
        if (!session.deckPriced()) {
            return CallPricing.flat(rateOf(session));
        }
        RateDeck deck = decks == null ? null : decks.version(session.deckVersion());
        io.tollgrid.rating.deck.RatePlan deckPlan = deck == null ? null : deck.plan(session.deckPlanId());
        if (deckPlan == null) {
            throw new IllegalStateException("call " + session.callId() + " was priced by plan " + session.deckPlanId()
                    + " of rate deck version " + session.deckVersion() + ", which this node cannot load");
        }
        long startSecond = Math.floorDiv(session.authorisedAtMillis(), 1000);
        Rate rate = deckPlan.find(DIAL_SOURCE, session.callee() == null ? "" : session.callee(), startSecond);
        if (!rate.isRated()) {
            throw new IllegalStateException("call " + session.callId() + " no longer rates in deck version "
                    + session.deckVersion() + ": " + rate.verdict());
        }
        return CallPricing.deck(rate, startSecond);
    }

    private static FlatRate rateOf(Session session) {
        return new FlatRate(Money.ofMicros(session.pricePerMinuteMicros()), Money.ofMicros(session.connectFeeMicros()),
                session.initialIncrementSecs(), session.nextIncrementSecs());
    }
}
