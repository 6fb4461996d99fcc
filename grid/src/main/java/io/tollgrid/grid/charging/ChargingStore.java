package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.rateplan.NodeDecks;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.rating.CallType;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * What the charging steps read and write on this node: the ledger's caches, the node's charging policy and rate
 * decks, looked up once per core ({@link ChargingCore#on}). Also the two things every kind of step shares: the
 * pricing a call was authorised with, and the account events written in a step's transaction.
 */
final class ChargingStore {
    /**
     * The normalisation source for deck lookups: the deck's default ("*") rule. A trunk or switch id would go
     * here once the switch API passes one; it must then be stored on the session so stop finds the same rate.
     */
    static final String DIAL_SOURCE = null;

    final ChargingPolicy policy;
    /** Null until the node's decks are installed. */
    private final NodeDecks decks;
    final IgniteCache<String, Account> accounts;
    final IgniteCache<SessionKey, Session> sessions;
    /** The same cache; what is put through it expires once the policy's retention of finished calls has passed. */
    final IgniteCache<SessionKey, Session> finishedSessions;
    final IgniteCache<SessionKey, Boolean> liveSessions;
    final IgniteCache<SessionKey, StopEvent> outbox;
    final IgniteCache<String, RatePlan> ratePlans;
    final IgniteCache<AccountScopedKey, Transfer> transfers;
    final IgniteCache<AccountScopedKey, AccountEvent> events;
    final IgniteCache<AccountScopedKey, Subscriber> subscribers;

    ChargingStore(Ignite ignite, ChargingPolicy policy) {
        this.policy = policy;
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
        this.decks = NodeDecks.of(ignite);
    }

    /** Whether the node's rate decks were installed when this store was made. */
    boolean decksInstalled() {
        return decks != null;
    }

    /** The rate deck in force, or null when none was ever activated or the decks are not installed. */
    RateDeck activeDeck() {
        return decks == null ? null : decks.active();
    }

    /** A deck version calls were priced by (held on this node, or compiled from storage off this thread), or null. */
    RateDeck deckVersion(long version) {
        return decks == null ? null : decks.version(version);
    }

    /**
     * The pricing a call was authorised with. A deck-priced call finds its rate again in the deck version it
     * was authorised with (held on this node, or compiled from storage off this thread), at the authorise
     * instant, so a deck swapped in since changes nothing for it.
     */
    CallPricing pricingOf(Session session) {
        if (!session.deckPriced()) {
            return CallPricing.flat(rateOf(session));
        }
        io.tollgrid.rating.deck.RatePlan deckPlan = deckPlanOf(session);
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

    /**
     * The call type the deck that priced the call gives its callee (the deck's call_types.csv), or null for a call
     * priced by a flat-rate plan, which has no call types. For the CDR: reports total by it (docs/rollups.md).
     */
    CallType callTypeOf(Session session) {
        io.tollgrid.rating.deck.RatePlan deckPlan = session.deckPriced() ? deckPlanOf(session) : null;
        return deckPlan == null ? null : deckPlan.callType(DIAL_SOURCE, session.callee() == null ? "" : session.callee());
    }

    /** The plan of the deck version a deck-priced call was authorised with, or null when this node cannot load it. */
    private io.tollgrid.rating.deck.RatePlan deckPlanOf(Session session) {
        RateDeck deck = deckVersion(session.deckVersion());
        return deck == null ? null : deck.plan(session.deckPlanId());
    }

    private static FlatRate rateOf(Session session) {
        return new FlatRate(Money.ofMicros(session.pricePerMinuteMicros()), Money.ofMicros(session.connectFeeMicros()),
                session.initialIncrementSecs(), session.nextIncrementSecs());
    }

    /** One event per downward crossing of the low-balance threshold, written in the same transaction. */
    void raiseLowBalance(Account before, Account after, String cause, long atMillis) {
        if (after.crossedLowBalanceFrom(before)) {
            raise(after.accountId(), AccountEvent.LOW_BALANCE, atMillis, after.balanceMicros(), cause);
        }
    }

    /** Writes an account event in the step's transaction, keyed by its kind, instant and cause. */
    void raise(String accountId, String kind, long atMillis, long balanceMicros, String cause) {
        events.put(new AccountScopedKey(accountId, kind + "@" + atMillis + "/" + cause),
                new AccountEvent(accountId, kind, atMillis, balanceMicros, cause));
    }
}
