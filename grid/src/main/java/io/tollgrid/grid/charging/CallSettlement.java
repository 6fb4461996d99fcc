package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.LostStopPolicy;
import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.grid.routing.CarrierQuality;
import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.prefix.DialRule;
import io.tollgrid.rating.routing.CallOutcome;
import io.tollgrid.rating.routing.Carrier;
import org.apache.ignite.transactions.Transaction;

/**
 * The end of a call, posted or voided: stop (charge the actual cost, release the reservation and slots, put the
 * rated call in the outbox), the reaper's void or estimate of a silent call, and the late stop that corrects an
 * estimate. Each runs in one transaction that locks the account first, then keys scoped to it, and a replay
 * returns the first answer and moves no money.
 */
final class CallSettlement {
    private final StepRunner runner;
    private final ChargingStore store;
    private final TenantSlots tenantSlots;
    private final CarrierSlots carrierSlots;
    private final RoutingTable routing;
    private final CarrierQuality quality;

    CallSettlement(StepRunner runner, ChargingStore store, TenantSlots tenantSlots, CarrierSlots carrierSlots,
                   RoutingTable routing, CarrierQuality quality) {
        this.runner = runner;
        this.store = store;
        this.tenantSlots = tenantSlots;
        this.carrierSlots = carrierSlots;
        this.routing = routing;
        this.quality = quality;
    }

    /** {@link ChargingCore#stop(String, String, long, long, String, long, String, int, int)} as a step. */
    Step<ChargingResult> stopStep(String accountId, String callId, long durationSecs, long atMillis, String raw,
                                  long failOpenAtMillis, String carrierId, int sipCode, int pddMs) {
        if (durationSecs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSecs);
        }
        Carrier connected = carrierId == null ? null : routing.carrier(carrierId);
        if (carrierId != null && connected == null) {
            return Step.without(accountId, ChargingResult.unknownCarrier(callId));
        }
        SessionKey key = new SessionKey(accountId, callId);
        // Past the window, the first stop's record may have expired: billing again could bill twice, so refuse.
        boolean reconcile = store.policy.failOpenStopInTime(failOpenAtMillis, atMillis);
        RatePlan reconcilePlan = reconcile && store.sessions.get(key) == null ? planOf(accountId) : null;
        return new Step<>(accountId, () -> {
            Session planned = store.sessions.get(key);
            return TenantSlots.heldBy(planned) || CarrierSlots.heldBy(planned);
        }, 6, shared -> {
            Account account = store.accounts.get(accountId);
            Session session = store.sessions.get(key);
            if (session == null && account != null && reconcilePlan != null) {
                session = failedOpen(account, callId, reconcilePlan, durationSecs, atMillis);
            }
            if (session == null || account == null) {
                return ChargingResult.unknownSession(callId);
            }
            CallPricing pricing = store.pricingOf(session);
            if (session.state() == SessionState.STOPPED) {
                return ChargingResult.stopped(session, account, true, pricing.billedSeconds(session.durationSecs()));
            }
            if (session.state() == SessionState.ESTIMATED) {
                return correctEstimate(key, account, session, pricing, durationSecs, atMillis, raw, connected, sipCode,
                        pddMs);
            }
            long billed = pricing.billedSeconds(durationSecs);
            long cost = session.exempt() ? 0 : chargeable(pricing.cost(durationSecs), account, session);
            Rate buy = connected == null ? null : buyRate(connected, session);
            Session stopped = session.stopped(atMillis, durationSecs, cost, connected == null ? null : connected.id(),
                    buyCost(buy, session, durationSecs));
            // A reaped call already gave back its slot and reservation.
            boolean holdsSlot = session.inProgress();
            Account settled = account.callEnded(session.reservedMicros(), cost, session.direction(),
                    session.exempt() || !holdsSlot, Admission.epochDay(atMillis));
            String department = releaseHolds(accountId, session, cost, shared);
            if (holdsSlot) {
                store.liveSessions.remove(key);
            }
            store.finishedSessions.put(key, stopped);
            store.accounts.put(accountId, settled);
            store.outbox.put(key, ratedCall(key, stopped, billed, account.currency(), raw, false, department, sipCode,
                    pddMs));
            store.raiseLowBalance(account, settled, "call:" + callId, atMillis);
            return ChargingResult.stopped(stopped, settled, false, billed, buy == null ? null : buy.prefix());
        });
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
     * Voids a call whose switch went silent: releases its reservation and slot, charges nothing. Re-checks
     * under the lock, so a stop that won the race is left alone. Returns true if it reaped.
     */
    boolean reap(String accountId, String callId, long nowMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        try (Transaction tx = runner.begin(2)) {
            Account account = store.accounts.get(accountId);
            Session session = store.sessions.get(key);
            if (session == null || !session.inProgress()) {
                // A marker left without a call in progress (nothing should leave one) is cleared, not kept forever.
                store.liveSessions.remove(key);
                tx.commit();
                return false;
            }
            if (account == null || !Admission.isSilent(session, nowMillis, store.policy.sessionTtlMillis())) {
                return false;
            }
            long epochDay = Admission.epochDay(nowMillis);
            if (session.state() == SessionState.ANSWERED && account.lostStopPolicy() == LostStopPolicy.CHARGE_ELAPSED) {
                chargeElapsed(key, account, session, nowMillis, epochDay);
            } else {
                releaseHolds(accountId, session, 0, false);
                store.finishedSessions.put(key, session.reaped(nowMillis));
                store.accounts.put(accountId, account.callEnded(session.reservedMicros(), 0, session.direction(),
                        session.exempt(), epochDay));
            }
            store.liveSessions.remove(key);
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
        CallPricing pricing = store.pricingOf(session);
        long cost = session.exempt() ? 0 : chargeable(pricing.cost(elapsed), account, session);
        Session estimated = session.estimated(nowMillis, elapsed, cost);
        Account settled = account.callEnded(session.reservedMicros(), cost, session.direction(), session.exempt(), epochDay);
        String department = releaseHolds(key.accountId(), session, cost, false);
        store.finishedSessions.put(key, estimated);
        store.accounts.put(key.accountId(), settled);
        store.outbox.put(key, ratedCall(key, estimated, pricing.billedSeconds(elapsed), account.currency(), "", true,
                department, 0, StopEvent.NO_PDD));
        store.raiseLowBalance(account, settled, "call:" + key.callId(), nowMillis);
    }

    /**
     * The late stop of a call the reaper charged an estimate for: the charge becomes the real duration's (within the
     * funds the estimate's refund would leave), the CDR is replaced under the same key, and the session is stopped,
     * so that a further stop replays this answer. Runs in the stop's transaction.
     */
    private ChargingResult correctEstimate(SessionKey key, Account account, Session session, CallPricing pricing,
                                           long durationSecs, long atMillis, String raw, Carrier connected,
                                           int sipCode, int pddMs) {
        long estimate = session.costMicros();
        long actual = session.exempt() ? 0
                : Math.max(0, Math.min(pricing.cost(durationSecs), account.availableMicros() + estimate));
        Account corrected = account.callCorrected(estimate, actual, Admission.epochDay(atMillis));
        String department = settleSubscriber(key.accountId(), session, 0, actual - estimate);
        long billed = pricing.billedSeconds(durationSecs);
        Rate buy = connected == null ? null : buyRate(connected, session);
        Session stopped = session.stopped(atMillis, durationSecs, actual, connected == null ? null : connected.id(),
                buyCost(buy, session, durationSecs));
        store.finishedSessions.put(key, stopped);
        store.accounts.put(key.accountId(), corrected);
        store.outbox.put(key, ratedCall(key, stopped, billed, account.currency(), raw, false, department, sipCode,
                pddMs));
        store.raiseLowBalance(account, corrected, "call:" + key.callId(), atMillis);
        return ChargingResult.stopped(stopped, corrected, false, billed, buy == null ? null : buy.prefix());
    }

    private RatePlan planOf(String accountId) {
        Account account = store.accounts.get(accountId);
        return account == null ? null : store.ratePlans.get(account.ratePlanId());
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

    /**
     * Releases what a call held on its subscriber and its tenants' counters, and posts its cost to the subscriber.
     * Returns the subscriber's department (null: none), which the call's CDR carries.
     */
    private String releaseHolds(String accountId, Session session, long costMicros, boolean shared) {
        String department = settleSubscriber(accountId, session, session.reservedMicros(), costMicros);
        if (session.inProgress()) {
            tenantSlots.move(session.limitedTenants(), -1, shared);
            if (session.carrierSlot() != null) {
                carrierSlots.release(session.carrierSlot(), shared);
            }
        }
        return department;
    }

    /**
     * Gives back what the call held on its subscriber (if it has one) and posts a cost (or a correction) to it.
     * Returns the subscriber's department as it is when the call ends, or null.
     */
    private String settleSubscriber(String accountId, Session session, long releasedMicros, long costMicros) {
        if (session.subscriberId() == null) {
            return null;
        }
        AccountScopedKey subscriberKey = new AccountScopedKey(accountId, session.subscriberId());
        Subscriber subscriber = store.subscribers.get(subscriberKey);
        if (subscriber == null) {
            return null;
        }
        store.subscribers.put(subscriberKey, subscriber.settle(releasedMicros, costMicros));
        return subscriber.department();
    }

    /**
     * The rated call for the outbox, from its finished session (when it ended, how long, what it cost). A real stop
     * names the carrier that connected it, if any, with its buy cost; the reaper's estimate names none.
     */
    private StopEvent ratedCall(SessionKey key, Session finished, long billedSecs, String currency, String raw,
                                boolean estimated, String department, int sipCode, int pddMs) {
        return new StopEvent(finished.tenantId(), key.accountId(), key.callId(), finished.caller(), finished.callee(),
                finished.authorisedAtMillis(), finished.answeredAtMillis(), finished.stoppedAtMillis(),
                finished.durationSecs(), billedSecs, finished.rateId(), finished.costMicros(), currency, raw, estimated,
                estimated ? null : finished.carrierId(), estimated ? -1 : finished.buyCostMicros(),
                finished.subscriberId(), department, finished.direction(), store.callTypeOf(finished), sipCode, pddMs);
    }

    /**
     * The department of the extension that made the call, as it is when the call ends (read in the transaction that
     * settles it, which already holds the subscriber when the call has one), or null.
     */
    private String departmentOf(String accountId, Session finished) {
        if (finished.subscriberId() == null) {
            return null;
        }
        Subscriber subscriber = store.subscribers.get(new AccountScopedKey(accountId, finished.subscriberId()));
        return subscriber == null ? null : subscriber.department();
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
     * The connected carrier's buy rate for the call: its buy plan in the deck version that priced the call (the active
     * deck for a flat-rate call), at the authorise instant like the sell side; null when its buy plan does not rate it.
     */
    private Rate buyRate(Carrier carrier, Session session) {
        RateDeck deck = session.deckPriced() ? store.deckVersion(session.deckVersion()) : store.activeDeck();
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
}
