package io.tollgrid.ingest.outbox;

import com.hazelcast.jet.pipeline.SourceBuilder;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Jet source state: emits each outbox entry once while it waits there. New entries are pushed by a
 * continuous query as their stop commits; a full scan at start, after a backlog and every
 * {@value #RESCAN_INTERVAL_MILLIS} ms catches whatever the push missed (entries written while ingest was
 * down, events lost across a reconnect). Entries stay in the outbox until the sink has written them, so
 * the set of emitted keys follows the outbox: a removal forgets its key, and each scan prunes the set to
 * what it still saw.
 *
 * <p>Polling the whole outbox five times a second, as this did first, cost an idle stack 16% of a core.
 */
final class OutboxReader implements AutoCloseable {
    /** At most this many entries enter the pipeline per fill, bounding memory under a backlog. */
    static final int MAX_BATCH = 2_000;
    /** Pushed events held while the pipeline is busy; past this they are dropped and a scan finds their entries. */
    static final int MAX_QUEUED_EVENTS = 100_000;
    static final long RESCAN_INTERVAL_MILLIS = 10_000;

    private final IgniteCache<SessionKey, StopEvent> outbox;
    private final Queue<CacheEntryEvent<? extends SessionKey, ? extends StopEvent>> pushed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final QueryCursor<Cache.Entry<SessionKey, StopEvent>> subscription;
    private final Set<SessionKey> emitted = new HashSet<>();
    private final long rescanIntervalMillis;
    private final int maxQueuedEvents;
    private long nextScanAt;

    OutboxReader(Ignite ignite) {
        this(ignite, RESCAN_INTERVAL_MILLIS, MAX_QUEUED_EVENTS);
    }

    OutboxReader(Ignite ignite, long rescanIntervalMillis, int maxQueuedEvents) {
        this.rescanIntervalMillis = rescanIntervalMillis;
        this.maxQueuedEvents = maxQueuedEvents;
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
        ContinuousQuery<SessionKey, StopEvent> query = new ContinuousQuery<SessionKey, StopEvent>()
                .setLocalListener(events -> events.forEach(this::onPushed));
        this.subscription = outbox.query(query);
    }

    private void onPushed(CacheEntryEvent<? extends SessionKey, ? extends StopEvent> event) {
        if (queued.incrementAndGet() > maxQueuedEvents) {
            queued.decrementAndGet();
            overflowed.set(true);
            return;
        }
        pushed.add(event);
    }

    void fill(SourceBuilder.SourceBuffer<OutboxItem> buffer) {
        int added = drainPushed(buffer);
        long now = System.currentTimeMillis();
        boolean overflow = overflowed.getAndSet(false);
        if (overflow || now >= nextScanAt) {
            boolean full = scan(buffer, added) >= MAX_BATCH;
            // A backlog larger than a batch is read batch by batch, without waiting for the next interval.
            nextScanAt = full ? now : now + rescanIntervalMillis;
        }
    }

    private int drainPushed(SourceBuilder.SourceBuffer<OutboxItem> buffer) {
        int added = 0;
        CacheEntryEvent<? extends SessionKey, ? extends StopEvent> event;
        while (added < MAX_BATCH && (event = pushed.poll()) != null) {
            queued.decrementAndGet();
            SessionKey key = event.getKey();
            if (event.getEventType() == EventType.REMOVED || event.getEventType() == EventType.EXPIRED) {
                emitted.remove(key);
            } else if (emitted.add(key)) {
                buffer.add(item(key, event.getValue()));
                added++;
            }
        }
        return added;
    }

    /** Emits the entries not emitted yet, up to a batch in all; returns how many this fill added. */
    private int scan(SourceBuilder.SourceBuffer<OutboxItem> buffer, int added) {
        Set<SessionKey> stillWaiting = new HashSet<>();
        try (QueryCursor<Cache.Entry<SessionKey, StopEvent>> cursor = outbox.query(new ScanQuery<SessionKey, StopEvent>())) {
            for (Cache.Entry<SessionKey, StopEvent> entry : cursor) {
                SessionKey key = entry.getKey();
                stillWaiting.add(key);
                if (added < MAX_BATCH && emitted.add(key)) {
                    buffer.add(item(key, entry.getValue()));
                    added++;
                }
            }
        }
        emitted.retainAll(stillWaiting);
        return added;
    }

    private static OutboxItem item(SessionKey key, StopEvent event) {
        return new OutboxItem(key.accountId(), key.callId(), StopEvents.toCdr(event));
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (IgniteException stopping) {
            // The Ignite node is stopping too (a shutdown hook runs beside ours) and ends the query itself.
        }
    }
}
