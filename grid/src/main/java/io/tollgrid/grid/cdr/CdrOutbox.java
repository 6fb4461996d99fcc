package io.tollgrid.grid.cdr;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The outbox as its reader sees it, and the only way ingest touches it: subscribe to new entries, walk the
 * waiting entries a bounded batch at a time, remove written entries in bulk, and count the backlog. Writing
 * entries stays with the charging core, in the transaction of the debit.
 */
public final class CdrOutbox {
    /** Entries fetched from a node per round trip while walking the outbox. */
    public static final int PAGE_SIZE = 512;
    /**
     * Partitions one {@link Sweep#next} call moves through at most: an empty partition still costs a round trip,
     * and a caller that also serves pushed entries should not wait for a walk over all of them.
     */
    public static final int PARTITIONS_PER_CALL = 16;

    private static final Comparator<SessionKey> KEY_ORDER =
            Comparator.comparing(SessionKey::accountId).thenComparing(SessionKey::callId);

    private final IgniteCache<SessionKey, StopEvent> cache;
    private final Affinity<SessionKey> affinity;

    public CdrOutbox(Ignite ignite) {
        this.cache = ignite.cache(Caches.CDR_OUTBOX);
        this.affinity = ignite.affinity(Caches.CDR_OUTBOX);
    }

    /** What a subscriber hears, on Ignite's continuous-query threads; it must return quickly. */
    public interface Listener {
        /** An entry was written (a stop committed). */
        void written(SessionKey key, StopEvent event);

        /** An entry left the outbox (its CDR was written and the entry removed). */
        void removed(SessionKey key);
    }

    /**
     * Pushes every entry written and removed from now on to the listener, until the returned handle is closed.
     * Entries already waiting are not pushed: {@link #sweep} finds them. Events can be lost across a client
     * reconnect, so a reader sweeps now and then as well.
     */
    public AutoCloseable subscribe(Listener listener) {
        ContinuousQuery<SessionKey, StopEvent> query = new ContinuousQuery<SessionKey, StopEvent>()
                .setLocalListener(events -> {
                    for (CacheEntryEvent<? extends SessionKey, ? extends StopEvent> event : events) {
                        if (event.getEventType() == EventType.REMOVED || event.getEventType() == EventType.EXPIRED) {
                            listener.removed(event.getKey());
                        } else {
                            listener.written(event.getKey(), event.getValue());
                        }
                    }
                });
        QueryCursor<Cache.Entry<SessionKey, StopEvent>> cursor = cache.query(query);
        return () -> {
            try {
                cursor.close();
            } catch (IgniteException stopping) {
                // The Ignite node is stopping too and ends the query itself.
            }
        };
    }

    /** A new walk over every waiting entry, partition by partition. */
    public Sweep sweep() {
        return new Sweep();
    }

    /** The partition of an outbox key (a {@link Sweep} reports which partitions it has finished). */
    public int partition(SessionKey key) {
        return affinity.partition(key);
    }

    public int partitions() {
        return affinity.partitions();
    }

    /**
     * Removes the entries in one implicit transaction, their keys locked in one fixed order (so two removers never
     * deadlock). Only for entries whose CDR is already written: a removal is final.
     */
    public void removeAll(Collection<SessionKey> keys) {
        if (!keys.isEmpty()) {
            cache.removeAll(sorted(keys));
        }
    }

    /** {@link #removeAll}, without waiting: several removals can be in flight at once (each its own transaction). */
    public CompletionStage<Void> removeAllAsync(Collection<SessionKey> keys) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (keys.isEmpty()) {
            done.complete(null);
            return done;
        }
        try {
            cache.removeAllAsync(sorted(keys)).listen(future -> {
                try {
                    future.get();
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static SortedSet<SessionKey> sorted(Collection<SessionKey> keys) {
        SortedSet<SessionKey> sorted = new TreeSet<>(KEY_ORDER);
        sorted.addAll(keys);
        return sorted;
    }

    /** Entries waiting in the whole outbox (primary copies, all nodes): one round trip to each server. */
    public long backlog() {
        return cache.sizeLong(CachePeekMode.PRIMARY);
    }

    /**
     * One walk over the outbox: partition 0 to the last, each through a paged scan on its primary node. Each
     * {@link #next} call reads at most the given number of entries and the next call resumes where it stopped,
     * so a backlog of n entries costs O(n) to walk however small the batches are. An entry written during the
     * walk may or may not be seen (the subscription pushes it); one waiting for the whole walk is seen once.
     */
    public final class Sweep implements AutoCloseable {
        private int partition;
        private QueryCursor<Cache.Entry<SessionKey, StopEvent>> cursor;
        private Iterator<Cache.Entry<SessionKey, StopEvent>> entries;

        private Sweep() {
        }

        /**
         * Hands up to {@code max} waiting entries to {@code into}, and returns how many: fewer than {@code max}
         * when the walk is {@link #finished} or this call moved through {@value #PARTITIONS_PER_CALL} partitions.
         */
        public int next(int max, BiConsumer<SessionKey, StopEvent> into) {
            int read = 0;
            int opened = 0;
            while (read < max && partition < partitions()) {
                if (entries == null) {
                    if (opened++ == PARTITIONS_PER_CALL) {
                        break;
                    }
                    cursor = cache.query(new ScanQuery<SessionKey, StopEvent>().setPartition(partition).setPageSize(PAGE_SIZE));
                    entries = cursor.iterator();
                }
                if (entries.hasNext()) {
                    Cache.Entry<SessionKey, StopEvent> entry = entries.next();
                    into.accept(entry.getKey(), entry.getValue());
                    read++;
                } else {
                    closeCursor();
                    partition++;
                }
            }
            return read;
        }

        public boolean finished() {
            return partition >= partitions();
        }

        /** The partitions walked completely so far are those below this. */
        public int partitionsDone() {
            return partition;
        }

        private void closeCursor() {
            if (cursor != null) {
                try {
                    cursor.close();
                } catch (IgniteException ignored) {
                    // a node left or the client is stopping: nothing to release any more
                }
            }
            cursor = null;
            entries = null;
        }

        @Override
        public void close() {
            closeCursor();
        }
    }
}
