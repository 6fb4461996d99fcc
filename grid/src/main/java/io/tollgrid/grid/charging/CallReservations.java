package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.rateplan.RatePlan;
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
import io.tollgrid.rating.routing.RouteList;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.RouteRequest;

import java.util.List;
import java.util.Map;

/**
 * The steps of a call in progress: authorise (apply the {@link Admission} rules, reserve for the grant, take the
 * call's account, tenant and carrier slots, or deny and change nothing), answer, and interim (grow an INCREMENTAL
 * grant by a slice, as far as the funds allow). Each step locks the account first, then keys scoped to it.
 */
final class CallReservations {
    /** The tariff of an emergency call on an account whose plan cannot be found. */
    private static final FlatRate FREE = new FlatRate(Money.ZERO, Money.ZERO, 1, 1);

    private final ChargingStore store;
    private final TenantSlots tenantSlots;
    private final CarrierSlots carrierSlots;
    private final RoutingTable routing;
    private final TenantTree tenantTree;

    CallReservations(ChargingStore store, TenantSlots tenantSlots, CarrierSlots carrierSlots, RoutingTable routing,
                     TenantTree tenantTree) {
        this.store = store;
        this.tenantSlots = tenantSlots;
        this.carrierSlots = carrierSlots;
        this.routing = routing;
        this.tenantTree = tenantTree;
    }

    /** {@link ChargingCore#authorise} as a step; the reference data (plan, deck rate, tenant chain, routes) is read now. */
    Step<ChargingResult> authoriseStep(String accountId, String callId, String caller, String callee,
                                       Direction direction, String subscriberId, long atMillis) {
        // Reference data is read before the transaction so that it takes no lock on a replicated cache.
        Account unlocked = store.accounts.get(accountId);
        if (unlocked == null) {
            return Step.without(accountId, ChargingResult.denied(callId, DenyReason.ACCOUNT_UNKNOWN, null));
        }
        boolean emergency = store.policy.isEmergency(callee);
        PlanTariff tariff = PlanTariff.of(store.activeDeck(), unlocked.ratePlanId(), store.ratePlans::get);
        RatePlan plan = tariff instanceof PlanTariff.Flat flat ? flat.plan() : null;
        PlanTariff.FromDeck deckPlan = tariff instanceof PlanTariff.FromDeck fromDeck ? fromDeck : null;
        long startSecond = Math.floorDiv(atMillis, 1000);
        Rate deckRate = deckPlan == null || emergency ? null
                : deckPlan.plan().find(ChargingStore.DIAL_SOURCE, callee == null ? "" : callee, startSecond);
        // The tree is reference data, read before the transaction; only the counters are locked inside it.
        List<Tenant> limiting = emergency ? List.of() : tenantTree.limitedChain(unlocked.tenantId());
        String[] limitedTenants = limiting.stream().map(Tenant::tenantId).toArray(String[]::new);
        // An account with no route plan (the common case) pays one lookup in a node-local map here and nothing below.
        RoutePlan routePlan = emergency ? null : routing.planFor(unlocked.tenantId(), accountId);
        CarrierSlots.Planned routed = routePlan == null ? null
                : routesFor(routePlan, callId, callee, startSecond, deckRate, plan);
        SessionKey key = new SessionKey(accountId, callId);
        AccountScopedKey subscriberKey = subscriberId == null ? null : new AccountScopedKey(accountId, subscriberId);
        int txSize = routed == null ? 9 : 9 + CarrierSlots.locks(routed);
        return new Step<>(accountId, () -> !limiting.isEmpty() || routed != null, txSize, shared -> {
            Account account = store.accounts.get(accountId);
            Subscriber subscriber = subscriberKey == null ? null : store.subscribers.get(subscriberKey);
            Session existing = store.sessions.get(key);
            if (existing != null) {
                // A repeat offers the routes as planned now, without counting again: its slot was taken the first time.
                return routed == null ? ChargingResult.of(existing, account, true, 0) : ChargingResult.routed(existing,
                        account, true, CarrierSlots.offer(routed.list(), Map.of(), existing.grantedSecs()));
            }
            if (subscriberKey != null && subscriber == null) {
                return ChargingResult.denied(callId, DenyReason.ACCOUNT_UNKNOWN, account);
            }
            // The account was read unlocked to plan this step; its plan may have changed since.
            boolean priced = tariff != null && tariff.planId().equals(account.ratePlanId());
            DenyReason refusal = emergency ? null : Admission.refusal(account, priced, deckRate, direction, startSecond);
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
                carrier = carrierSlots.choose(routed, startSecond, shared);
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
            Account started = account.callStarted(reserve, direction, emergency, startSecond);
            store.sessions.put(key, session);
            store.liveSessions.put(key, Boolean.TRUE);
            store.accounts.put(accountId, started);
            if (subscriber != null) {
                store.subscribers.put(subscriberKey, subscriber.reserve(reserve));
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
        RateDeck active = store.activeDeck();
        CallPricing sell = deckRate != null && deckRate.isRated() ? CallPricing.deck(deckRate, startSecond)
                : flatPlan != null ? CallPricing.flat(flatPlan.rate()) : null;
        RouteList list;
        if (active == null || sell == null || callee == null) {
            list = noRoutes(routePlan);
        } else {
            try {
                list = routing.router(active).route(routePlan, new RouteRequest(DialRule.DEFAULT_SOURCE, callee, startSecond,
                        sell::cost, seed(callId)));
            } catch (IllegalArgumentException notANumber) {
                list = noRoutes(routePlan);
            }
        }
        return CarrierSlots.plan(list, routing);
    }

    private static RouteList noRoutes(RoutePlan routePlan) {
        return new RouteList(routePlan.id(), routePlan.strategy(), "", null, routePlan.marginSeconds(), List.of(), List.of());
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

    /** {@link ChargingCore#answer} as a step. */
    Step<ChargingResult> answerStep(String accountId, String callId, long atMillis, String carrierId) {
        if (carrierId != null && routing.carrier(carrierId) == null) {
            return Step.without(accountId, ChargingResult.unknownCarrier(callId));
        }
        SessionKey key = new SessionKey(accountId, callId);
        // Only a start naming a carrier can move a slot: any other start is planned without reading its session.
        return new Step<>(accountId, () -> carrierId != null && movesCarrierSlot(store.sessions.get(key), carrierId),
                carrierId == null ? 1 : 3, shared -> {
            Session session = store.sessions.get(key);
            if (session == null) {
                return ChargingResult.unknownSession(callId);
            }
            if (session.state() != SessionState.AUTHORISED) {
                return ChargingResult.of(session, null, true, 0);
            }
            Session answered = session.answered(atMillis);
            if (movesCarrierSlot(session, carrierId)) {
                carrierSlots.move(session.carrierSlot(), carrierId, shared);
                answered = answered.withCarrierSlot(carrierId);
            }
            store.sessions.put(key, answered);
            return ChargingResult.of(answered, null, false, 0);
        });
    }

    /**
     * Whether answering the call by {@code carrierId} moves its carrier slot: it holds another carrier's (the first
     * route's, taken at authorise) and has not been answered yet. A call without a slot (no route plan) takes none.
     */
    private static boolean movesCarrierSlot(Session session, String carrierId) {
        return carrierId != null && session != null && session.state() == SessionState.AUTHORISED
                && session.carrierSlot() != null && !session.carrierSlot().equals(carrierId);
    }

    /** {@link ChargingCore#interim} as a step. */
    Step<ChargingResult> interimStep(String accountId, String callId, long sequence, long atMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        return new Step<>(accountId, () -> false, 3, shared -> {
            Account account = store.accounts.get(accountId);
            Session session = store.sessions.get(key);
            if (session == null || account == null) {
                return ChargingResult.unknownSession(callId);
            }
            if (!session.inProgress() || sequence <= session.lastSequence()) {
                return ChargingResult.of(session, account, true, 0);
            }
            long granted = session.grantedSecs();
            long reserve = session.reservedMicros();
            if (account.strategy() == ReservationStrategy.INCREMENTAL && !session.exempt()) {
                CallPricing pricing = store.pricingOf(session);
                long funds = Admission.spendable(account, reserve, atMillis);
                if (session.subscriberId() != null) {
                    Subscriber subscriber = store.subscribers.get(new AccountScopedKey(accountId, session.subscriberId()));
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
                store.subscribers.put(subscriberKey,
                        store.subscribers.get(subscriberKey).reserve(reserve - session.reservedMicros()));
            }
            Session extended = session.interim(sequence, atMillis, granted, reserve);
            store.sessions.put(key, extended);
            store.accounts.put(accountId, updated);
            return ChargingResult.of(extended, updated, false, 0);
        });
    }
}
