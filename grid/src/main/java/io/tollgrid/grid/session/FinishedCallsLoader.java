package io.tollgrid.grid.session;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.stream.StreamReceiver;

import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes stopped calls straight into the session store, each kept for the retention a real stop gives it
 * (the same expiry policy). It exists for benchmarks that need a grid already holding millions of finished
 * calls (the soak in load-tests) without placing each through the API. The calls move no money and write no
 * CDR, so it must never run against accounts that bill for real: their history would show calls that cost
 * nothing.
 */
public final class FinishedCallsLoader {
    /** Calls per streamer batch and per node buffer: a bound on what waits in memory. */
    private static final int BUFFER = 1_024;

    private FinishedCallsLoader() {
    }

    /**
     * @param accounts  the calls are spread over these accounts, round robin
     * @param callIdTag call ids are {@code callIdTag + "-" + n}, so a second load with another tag adds calls
     * @return the number of calls written
     */
    public static long load(Ignite ignite, String tenantId, List<String> accounts, String callIdTag, long count,
                            long retentionMillis, long nowMillis) {
        if (accounts.isEmpty() || count < 0 || retentionMillis < 1) {
            throw new IllegalArgumentException("need accounts, a non-negative count and a positive retention");
        }
        try (IgniteDataStreamer<SessionKey, Session> streamer = ignite.dataStreamer(Caches.SESSIONS)) {
            streamer.allowOverwrite(true); // required for a receiver; the tagged keys are new anyway
            streamer.perNodeBufferSize(BUFFER);
            streamer.receiver(new WithRetention(retentionMillis));
            for (long n = 0; n < count; n++) {
                String account = accounts.get((int) (n % accounts.size()));
                String callId = callIdTag + "-" + n;
                long stoppedAt = nowMillis - (n % 3_600_000L);
                long answeredAt = stoppedAt - 60_000;
                streamer.addData(new SessionKey(account, callId), new Session(tenantId, account, callId, "35929000001",
                        "442071234567", Direction.OUTBOUND, false, null, new String[0], SessionState.STOPPED,
                        answeredAt - 3_000, answeredAt, stoppedAt, stoppedAt, 0, 600, 0, "preloaded", 20_000, 5_000,
                        30, 6, 60, 25_000));
            }
        }
        return count;
    }

    /** Puts each batch through the expiry policy a real stop uses, which a plain streamer would not apply. */
    private static final class WithRetention implements StreamReceiver<SessionKey, Session> {
        private static final long serialVersionUID = 1L;
        private final long retentionMillis;

        WithRetention(long retentionMillis) {
            this.retentionMillis = retentionMillis;
        }

        @Override
        public void receive(IgniteCache<SessionKey, Session> cache, Collection<Map.Entry<SessionKey, Session>> entries) {
            // Sorted, so two batches locking keys in one transaction each can never wait on each other.
            Map<SessionKey, Session> batch = new TreeMap<>(Comparator.comparing(SessionKey::accountId)
                    .thenComparing(SessionKey::callId));
            entries.forEach(entry -> batch.put(entry.getKey(), entry.getValue()));
            cache.withExpiryPolicy(new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, retentionMillis))).putAll(batch);
        }
    }
}
