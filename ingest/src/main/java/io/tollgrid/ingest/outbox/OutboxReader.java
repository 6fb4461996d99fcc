package io.tollgrid.ingest.outbox;

import com.hazelcast.jet.pipeline.SourceBuilder;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Jet source state: emits each outbox entry once while it waits there. New entries are pushed by the
 * outbox subscription as their stops commit; a sweep of the outbox ({@link CdrOutbox.Sweep}: partition by
 * partition, a bounded batch per fill, resuming where the last fill stopped) at start, after the push queue
 * overflowed and every {@value #RESCAN_INTERVAL_MILLIS} ms catches whatever the push missed (entries written
 * while ingest was down, events dropped or lost across a reconnect). A backlog of n entries is therefore read
 * in O(n), whatever the batch size.
 *
 * <p>Entries stay in the outbox until the sink has written them, so the set of emitted keys follows the
 * outbox: a removal event forgets its key, and a finished sweep forgets the keys emitted before it began that
 * it no longer found (their removal event was lost). The set is bounded ({@value #MAX_IN_FLIGHT}, well above
 * what the pipeline holds: the sink's {@link CdrWriter#MAX_UNREMOVED} plus Jet's queue and this buffer): when it
 * is full nothing more is emitted, entries found meanwhile are left to the next sweep, and the current sweep
 * reads on so that it can forget the keys whose removal was lost.
 */
final class OutboxReader implements AutoCloseable {
    /** At most this many entries are read per fill. */
    static final int MAX_BATCH = 1_024;
    /** Pushed events held while the pipeline is busy; past this they are dropped and a sweep finds their entries. */
    static final int MAX_QUEUED_EVENTS = 10_000;
    /** Entries emitted and not yet removed from the outbox; past this the reader waits for removals. */
    static final int MAX_IN_FLIGHT = 32_768;
    static final long RESCAN_INTERVAL_MILLIS = 10_000;
    /**
     * Fewer pushed events than this wait up to {@link #LINGER_NANOS} for company before they are emitted, so the
     * sink writes a trickle of stops as small bursts: Cassandra then wakes its request and mutation threads once
     * per burst instead of once per CDR (at 250 stops/s one write at a time cost about 90 context switches per CDR,
     * docs/performance.md). 40 ms gathers about ten CDRs at 250 stops/s; a CDR reaches
     * Cassandra at most that much later, and a busier stream fills its bursts sooner.
     */
    static final int LINGER_EVENTS = 32;
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(40);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxReader.class);

    /** A pushed event: a written entry (event set) or a removed one (event null). */
    private record Pushed(SessionKey key, StopEvent event) {
    }

    private final CdrOutbox outbox;
    private final Queue<Pushed> pushed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean missed = new AtomicBoolean();
    private final AutoCloseable subscription;
    /** Emitted keys not yet removed, with the number of the sweep that was current when each was emitted. */
    private final Map<SessionKey, Long> emitted = new HashMap<>();
    /** Keys emitted before the current sweep began that it found still waiting. */
    private final Set<SessionKey> stillWaiting = new HashSet<>();
    private final long rescanIntervalMillis;
    private final int maxQueuedEvents;
    private final int maxInFlight;
    private CdrOutbox.Sweep sweep;
    private long sweepNumber;
    private long nextSweepAt;
    /** When this reader first saw the pushed events now waiting (System.nanoTime), or 0 when none wait. */
    private long lingeringSince;

    OutboxReader(CdrOutbox outbox) {
        this(outbox, RESCAN_INTERVAL_MILLIS, MAX_QUEUED_EVENTS, MAX_IN_FLIGHT);
    }

    OutboxReader(CdrOutbox outbox, long rescanIntervalMillis, int maxQueuedEvents, int maxInFlight) {
        this.outbox = outbox;
        this.rescanIntervalMillis = rescanIntervalMillis;
        this.maxQueuedEvents = maxQueuedEvents;
        this.maxInFlight = maxInFlight;
        this.subscription = outbox.subscribe(new CdrOutbox.Listener() {
            @Override
            public void written(SessionKey key, StopEvent event) {
                push(new Pushed(key, event));
            }

            @Override
            public void removed(SessionKey key) {
                push(new Pushed(key, null));
            }
        });
    }

    private void push(Pushed event) {
        if (queued.incrementAndGet() > maxQueuedEvents) {
            queued.decrementAndGet();
            missed.set(true);
            return;
        }
        pushed.add(event);
    }

    void fill(SourceBuilder.SourceBuffer<OutboxItem> buffer) {
        int added = drainPushed(buffer);
        long now = System.currentTimeMillis();
        if (sweep == null && (missed.getAndSet(false) || now >= nextSweepAt)) {
            sweep = outbox.sweep();
            sweepNumber++;
            stillWaiting.clear();
        }
        if (sweep != null) {
            continueSweep(buffer, added, now);
        }
        OutboxMetrics.IN_FLIGHT.set(emitted.size());
    }

    /** Emits pushed entries (up to a batch, while there is room in flight) and forgets removed ones. */
    private int drainPushed(SourceBuilder.SourceBuffer<OutboxItem> buffer) {
        int waiting = queued.get();
        if (waiting == 0) {
            lingeringSince = 0;
            return 0;
        }
        long now = System.nanoTime();
        if (lingeringSince == 0) {
            lingeringSince = now;
        }
        if (waiting < LINGER_EVENTS && now - lingeringSince < LINGER_NANOS) {
            return 0;
        }
        lingeringSince = 0;
        int added = 0;
        Pushed event;
        while (added < MAX_BATCH && (event = pushed.poll()) != null) {
            queued.decrementAndGet();
            if (event.event() == null) {
                emitted.remove(event.key());
            } else if (emitted.size() >= maxInFlight) {
                // No room: the entry waits in the outbox for the next sweep (removals behind it must still be read).
                missed.set(true);
            } else if (emitted.putIfAbsent(event.key(), sweepNumber) == null) {
                buffer.add(item(event.key(), event.event()));
                added++;
            }
        }
        return added;
    }

    private void continueSweep(SourceBuilder.SourceBuffer<OutboxItem> buffer, int added, long now) {
        int budget = MAX_BATCH - added;
        if (budget <= 0) {
            return;
        }
        try {
            // Reads on even when nothing more may be emitted: only a finished sweep forgets the keys whose removal
            // event was lost, so a set full of those must not stop the sweep that frees it.
            sweep.next(budget, (key, event) -> {
                Long emittedIn = emitted.get(key);
                if (emittedIn == null) {
                    if (emitted.size() < maxInFlight) {
                        emitted.put(key, sweepNumber);
                        buffer.add(item(key, event));
                    } else {
                        missed.set(true);
                    }
                } else if (emittedIn < sweepNumber) {
                    stillWaiting.add(key);
                }
            });
        } catch (IgniteException | IllegalStateException e) {
            // A node left or the client reconnects: drop this sweep (forgetting nothing) and sweep again later.
            LOG.warn("sweeping the outbox failed, sweeping again in {} ms: {}", rescanIntervalMillis, e.toString());
            sweep.close();
            sweep = null;
            nextSweepAt = now + rescanIntervalMillis;
            return;
        }
        if (sweep.finished()) {
            sweep.close();
            sweep = null;
            // Emitted before this sweep began and not found by it: removed, and the removal event was lost.
            for (Iterator<Map.Entry<SessionKey, Long>> it = emitted.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<SessionKey, Long> entry = it.next();
                if (entry.getValue() < sweepNumber && !stillWaiting.contains(entry.getKey())) {
                    it.remove();
                }
            }
            stillWaiting.clear();
            nextSweepAt = now + rescanIntervalMillis;
        }
    }

    /** Emitted keys not yet removed (for tests and the in-flight gauge). */
    int inFlight() {
        return emitted.size();
    }

    private static OutboxItem item(SessionKey key, StopEvent event) {
        return new OutboxItem(key.accountId(), key.callId(), StopEvents.toCdr(event));
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.close();
        }
        try {
            subscription.close();
        } catch (Exception stopping) {
            LOG.debug("closing the outbox subscription: {}", stopping.toString());
        }
    }
}
