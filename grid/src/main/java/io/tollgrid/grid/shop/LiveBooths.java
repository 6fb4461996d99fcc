package io.tollgrid.grid.shop;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

import javax.cache.Cache;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the calls in progress of a booth, for the shop's live view. Read-only: it scans the one partition of
 * {@link Caches#LIVE_SESSIONS} that holds the booth's account (the markers the charging core keeps for calls in
 * progress) and reads each session; it never writes either cache and shares no transaction with charging.
 */
public final class LiveBooths {
    /** The most calls in progress shown for one booth. */
    public static final int MAX_LIVE_PER_BOOTH = 16;

    private final Ignite ignite;
    private final IgniteCache<SessionKey, Boolean> live;
    private final IgniteCache<SessionKey, Session> sessions;

    public LiveBooths(Ignite ignite) {
        this.ignite = ignite;
        this.live = ignite.cache(Caches.LIVE_SESSIONS);
        this.sessions = ignite.cache(Caches.SESSIONS);
    }

    /**
     * A call in progress: what the booth shows.
     *
     * @param answeredAtMillis 0 while it rings
     */
    public record LiveCall(String callId, String callee, long authorisedAtMillis, long answeredAtMillis,
                           long pricePerMinuteMicros, long connectFeeMicros) {
        /** The call in progress a session holds. */
        public static LiveCall of(Session session) {
            return new LiveCall(session.callId(), session.callee(), session.authorisedAtMillis(),
                    session.answeredAtMillis(), session.pricePerMinuteMicros(), session.connectFeeMicros());
        }

        /** Whole seconds since the answer at {@code nowMillis}; 0 while it rings (or for a clock behind the answer). */
        public long runningSeconds(long nowMillis) {
            return answeredAtMillis == 0 ? 0 : Math.max(0, (nowMillis - answeredAtMillis) / 1000);
        }

        /** What the call costs the shop after {@code elapsedSeconds} answered: connect fee plus per second, rounded up. */
        public long costSoFarMicros(long elapsedSeconds) {
            if (answeredAtMillis == 0) {
                return 0;
            }
            long perSecond = Math.multiplyExact(pricePerMinuteMicros, elapsedSeconds);
            return Math.addExact(connectFeeMicros, (perSecond + 59) / 60);
        }
    }

    /** The booth's calls in progress, at most {@link #MAX_LIVE_PER_BOOTH}. */
    public List<LiveCall> liveCalls(String accountId) {
        int partition = ignite.affinity(Caches.LIVE_SESSIONS).partition(new SessionKey(accountId, "-"));
        IgniteBiPredicate<SessionKey, Boolean> ofBooth = (key, marker) -> key.accountId().equals(accountId);
        List<LiveCall> calls = new ArrayList<>();
        try (var cursor = live.query(new ScanQuery<>(ofBooth).setPartition(partition))) {
            for (Cache.Entry<SessionKey, Boolean> entry : cursor) {
                Session session = sessions.get(entry.getKey());
                if (session != null && session.inProgress()) {
                    calls.add(LiveCall.of(session));
                }
                if (calls.size() == MAX_LIVE_PER_BOOTH) {
                    break;
                }
            }
        }
        return calls;
    }
}
