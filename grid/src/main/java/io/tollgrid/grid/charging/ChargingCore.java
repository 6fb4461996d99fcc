package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The charging rules, run on the node that owns the account. Every operation is one pessimistic
 * transaction that locks the account first, then the session (one lock order everywhere, so no
 * deadlocks), and each is idempotent by call-id: a replay returns the first answer and moves no money.
 */
public final class ChargingCore {
    /** A transaction that cannot get its locks in this time fails rather than hanging a switch. */
    static final long TX_TIMEOUT_MILLIS = 5_000;

    private final Ignite ignite;
    private final IgniteCache<String, Account> accounts;
    private final IgniteCache<SessionKey, Session> sessions;
    private final IgniteCache<SessionKey, StopEvent> outbox;
    private final IgniteCache<String, RatePlan> ratePlans;

    public ChargingCore(Ignite ignite) {
        this.ignite = ignite;
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.sessions = ignite.cache(Caches.SESSIONS);
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
        this.ratePlans = ignite.cache(Caches.RATE_PLANS);
    }

    /** Reserves funds for the longest affordable call, or denies. */
    public ChargingResult authorise(String accountId, String callId, String caller, String callee, long atMillis) {
        // Reference data is read before the transaction so that it takes no lock on a replicated cache.
        Account unlocked = accounts.get(accountId);
        if (unlocked == null) {
            return ChargingResult.denied(callId, DenyReason.ACCOUNT_UNKNOWN, null);
        }
        RatePlan plan = ratePlans.get(unlocked.ratePlanId());
        SessionKey key = new SessionKey(accountId, callId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 2)) {
            Account account = accounts.get(accountId);
            Session existing = sessions.get(key);
            if (existing != null) {
                return ChargingResult.of(existing, account, true, 0);
            }
            DenyReason refusal = refusal(account, plan);
            if (refusal != null) {
                return ChargingResult.denied(callId, refusal, account);
            }
            FlatRate rate = plan.rate();
            long maxDuration = rate.maxDurationSeconds(Money.ofMicros(account.availableMicros()));
            if (maxDuration == 0) {
                return ChargingResult.denied(callId, DenyReason.INSUFFICIENT_CREDIT, account);
            }
            long reserve = rate.cost(maxDuration).micros();
            Session session = new Session(account.tenantId(), accountId, callId, caller, callee, SessionState.AUTHORISED,
                    atMillis, 0, 0, maxDuration, reserve, plan.planId(), rate.pricePerMinute().micros(),
                    rate.connectFee().micros(), rate.initialIncrementSecs(), rate.nextIncrementSecs(), 0, 0);
            Account reserved = account.reserve(reserve);
            sessions.put(key, session);
            accounts.put(accountId, reserved);
            tx.commit();
            return ChargingResult.of(session, reserved, false, 0);
        }
    }

    private static DenyReason refusal(Account account, RatePlan plan) {
        if (account.status() == AccountStatus.FROZEN) {
            return DenyReason.ACCOUNT_FROZEN;
        }
        if (account.status() == AccountStatus.CLOSED) {
            return DenyReason.ACCOUNT_CLOSED;
        }
        if (plan == null || !plan.planId().equals(account.ratePlanId())) {
            return DenyReason.RATING_FAILED;
        }
        return null;
    }

    /** Marks the call answered. Repeats, and answers after stop, change nothing. */
    public ChargingResult answer(String accountId, String callId, long atMillis) {
        SessionKey key = new SessionKey(accountId, callId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            Session session = sessions.get(key);
            if (session == null) {
                return ChargingResult.unknownSession(callId);
            }
            if (session.state() != SessionState.AUTHORISED) {
                return ChargingResult.of(session, null, true, 0);
            }
            Session answered = session.answered(atMillis);
            sessions.put(key, answered);
            tx.commit();
            return ChargingResult.of(answered, null, false, 0);
        }
    }

    /**
     * Posts the actual cost of the call at the rate it was authorised with, releases its reservation and
     * puts the rated call in the outbox, all in one transaction. A second stop returns the first answer.
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw) {
        if (durationSecs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSecs);
        }
        SessionKey key = new SessionKey(accountId, callId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 3)) {
            Account account = accounts.get(accountId);
            Session session = sessions.get(key);
            if (session == null || account == null) {
                return ChargingResult.unknownSession(callId);
            }
            FlatRate rate = rateOf(session);
            if (session.state() == SessionState.STOPPED) {
                return ChargingResult.of(session, account, true, rate.billedSeconds(session.durationSecs()));
            }
            long cost = rate.cost(durationSecs).micros();
            long billed = rate.billedSeconds(durationSecs);
            Session stopped = session.stopped(atMillis, durationSecs, cost);
            Account settled = account.settle(session.reservedMicros(), cost);
            sessions.put(key, stopped);
            accounts.put(accountId, settled);
            outbox.put(key, new StopEvent(session.tenantId(), accountId, callId, session.caller(), session.callee(),
                    session.authorisedAtMillis(), session.answeredAtMillis(), atMillis, durationSecs, billed,
                    session.rateId(), cost, account.currency(), raw));
            tx.commit();
            return ChargingResult.of(stopped, settled, false, billed);
        }
    }

    private static FlatRate rateOf(Session session) {
        return new FlatRate(Money.ofMicros(session.pricePerMinuteMicros()), Money.ofMicros(session.connectFeeMicros()),
                session.initialIncrementSecs(), session.nextIncrementSecs());
    }
}
