package io.tollgrid.ingest.outbox;

import com.hazelcast.jet.pipeline.SourceBuilder;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import java.util.HashSet;
import java.util.Set;

/**
 * The Jet source state: polls the outbox and emits each entry once while it waits there. Entries stay
 * in the outbox until the sink has written them, so the set of emitted keys is pruned to what the
 * latest scan still saw.
 */
final class OutboxReader {
    /** At most this many entries enter the pipeline per poll, bounding memory under a backlog. */
    static final int MAX_BATCH = 2_000;
    static final long POLL_INTERVAL_MILLIS = 200;

    private final IgniteCache<SessionKey, StopEvent> outbox;
    private Set<SessionKey> emitted = new HashSet<>();
    private long nextPollAt;

    OutboxReader(Ignite ignite) {
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
    }

    void fill(SourceBuilder.SourceBuffer<OutboxItem> buffer) {
        long now = System.currentTimeMillis();
        if (now < nextPollAt) {
            return;
        }
        nextPollAt = now + POLL_INTERVAL_MILLIS;
        Set<SessionKey> stillWaiting = new HashSet<>();
        int added = 0;
        try (QueryCursor<Cache.Entry<SessionKey, StopEvent>> cursor = outbox.query(new ScanQuery<SessionKey, StopEvent>())) {
            for (Cache.Entry<SessionKey, StopEvent> entry : cursor) {
                SessionKey key = entry.getKey();
                stillWaiting.add(key);
                if (!emitted.contains(key) && added < MAX_BATCH) {
                    buffer.add(new OutboxItem(key.accountId(), key.callId(), StopEvents.toCdr(entry.getValue())));
                    added++;
                    emitted.add(key);
                }
            }
        }
        emitted.retainAll(stillWaiting);
    }
}
