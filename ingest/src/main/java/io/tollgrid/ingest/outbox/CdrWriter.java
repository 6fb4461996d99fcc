package io.tollgrid.ingest.outbox;

import io.tollgrid.ingest.files.Retention;
import java.util.function.ToIntFunction;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CdrStore;
import io.tollgrid.ingest.Retrying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The Jet sink state: writes the CDRs to Cassandra asynchronously, up to {@value #WRITE_SIZE} of what one
 * inbox brings at a time, as {@link CdrStore#writeBatch} groups them (retried until they land), and once a CDR is
 * written hands its outbox key to a remover thread, which removes written entries in groups of up to
 * {@value #REMOVE_BATCH} keys or whatever arrived within {@value #REMOVE_LINGER_MILLIS} ms of the first, with up
 * to {@value #REMOVALS_IN_FLIGHT} groups in flight at once (a failed group is retried after a pause). An entry therefore never leaves the outbox before its CDR is in Cassandra; a crash between the write and the
 * removal only writes the CDR again (an idempotent upsert).
 *
 * <p>Everything is bounded: {@value #MAX_WRITES_IN_FLIGHT} Cassandra writes at once, and
 * {@value #MAX_UNREMOVED} entries received and not yet removed. {@link #receive} blocks at either bound,
 * which backs the pipeline up into the source (that stops reading the outbox).
 */
final class CdrWriter implements AutoCloseable {
    /**
     * CDRs sent to Cassandra and not yet answered. A write groups an account's calls into one request
     * ({@link CdrStore#writeBatch}), so a backlog sends few large requests: this many keep some 30 of them in
     * flight, which Cassandra needs to stay busy while each one waits for its group commit (docs/performance.md).
     */
    static final int MAX_WRITES_IN_FLIGHT = 2_048;
    /** CDRs gathered into one {@link CdrStore#writeBatch}, at most: a backlog's walk brings an account's calls together. */
    static final int WRITE_SIZE = 128;
    static final int MAX_UNREMOVED = 8_192;
    static final int REMOVE_BATCH = 1_024;
    /** Removal transactions in flight at once: each locks its keys on the server, so several overlap the round trips. */
    static final int REMOVALS_IN_FLIGHT = 4;
    static final long REMOVE_LINGER_MILLIS = 200;
    static final long REMOVE_RETRY_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);

    private final CdrStore store;
    private final CdrOutbox outbox;
    private final ToIntFunction<String> retention;
    private final Semaphore writing = new Semaphore(MAX_WRITES_IN_FLIGHT);
    private final Semaphore unremoved = new Semaphore(MAX_UNREMOVED);
    private final BlockingQueue<SessionKey> written = new LinkedBlockingQueue<>(MAX_UNREMOVED);
    private final Semaphore removals = new Semaphore(REMOVALS_IN_FLIGHT);
    private final Queue<Set<SessionKey>> failed = new ConcurrentLinkedQueue<>();
    private final Thread remover;
    private volatile boolean closed;
    /** Received and not yet sent: at most a batch, sent when full and at every flush. */
    private final java.util.List<OutboxItem> unsent = new java.util.ArrayList<>(WRITE_SIZE);

    CdrWriter(CdrStore store, CdrOutbox outbox) {
        this(store, outbox, Retention.DEFAULT_FOR_EVERY_TENANT);
    }

    /** @param retention each tenant's retention, the TTL its CDRs are written with */
    CdrWriter(CdrStore store, CdrOutbox outbox, ToIntFunction<String> retention) {
        this.store = store;
        this.outbox = outbox;
        this.retention = retention;
        this.remover = new Thread(this::removeWritten, "cdr-outbox-remover");
        remover.setDaemon(true);
        remover.start();
    }

    void receive(OutboxItem item) throws InterruptedException {
        unremoved.acquire();
        try {
            writing.acquire();
        } catch (InterruptedException e) {
            unremoved.release();
            throw e;
        }
        OutboxMetrics.UNREMOVED.inc();
        unsent.add(item);
        if (unsent.size() == WRITE_SIZE) {
            flush();
        }
    }

    /** Sends what was received since the last batch: Jet calls this after each inbox, receive when a batch is full. */
    void flush() {
        if (unsent.isEmpty()) {
            return;
        }
        java.util.List<OutboxItem> batch = java.util.List.copyOf(unsent);
        unsent.clear();
        java.util.List<io.tollgrid.history.RatedCdr> cdrs = batch.stream().map(OutboxItem::cdr).toList();
        java.util.List<Integer> ttls = cdrs.stream().map(cdr -> retention.applyAsInt(cdr.tenantId())).toList();
        String what = batch.size() == 1 ? "CDR " + batch.get(0).accountId() + "/" + batch.get(0).callId()
                : batch.size() + " CDRs from " + batch.get(0).accountId() + "/" + batch.get(0).callId();
        Retrying.untilWritten(() -> store.writeBatch(cdrs, ttls), what)
                .whenComplete((ok, error) -> {
                    writing.release(batch.size());
                    if (error != null) {
                        // Only when the JVM is going down: the entries stay in the outbox for the next run.
                        return;
                    }
                    OutboxMetrics.WRITTEN.inc(batch.size());
                    cdrs.forEach(CarrierMetrics::written);
                    // Never full: a key holds an unremoved permit from receive until its removal.
                    batch.forEach(item -> written.add(new SessionKey(item.accountId(), item.callId())));
                });
    }

    private void removeWritten() {
        Set<SessionKey> group = new HashSet<>();
        while (!closed || !written.isEmpty() || !failed.isEmpty()) {
            try {
                if (!failed.isEmpty()) {
                    Thread.sleep(closed ? 0 : REMOVE_RETRY_MILLIS);
                    Set<SessionKey> again;
                    while ((again = failed.poll()) != null) {
                        if (closed) {
                            LOG.warn("{} written entries stay in the outbox (removal failed while stopping); they will be"
                                    + " written again", again.size());
                            release(again.size());
                        } else {
                            submit(again);
                        }
                    }
                    continue;
                }
                SessionKey first = written.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REMOVE_LINGER_MILLIS);
                while (group.size() < REMOVE_BATCH) {
                    written.drainTo(group, REMOVE_BATCH - group.size());
                    long left = deadline - System.nanoTime();
                    if (group.size() >= REMOVE_BATCH || left <= 0 || closed) {
                        break;
                    }
                    SessionKey next = written.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                }
                submit(group);
                group = new HashSet<>();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            // The last removals in flight; one that fails now leaves its entries to be written again by the next run.
            removals.tryAcquire(REMOVALS_IN_FLIGHT, 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the group's removal once fewer than {@value #REMOVALS_IN_FLIGHT} are in flight; a failed group is retried
     * by the remover thread after a pause.
     */
    private void submit(Set<SessionKey> group) throws InterruptedException {
        removals.acquire();
        outbox.removeAllAsync(group).whenComplete((ok, error) -> {
            removals.release();
            if (error == null) {
                OutboxMetrics.REMOVED.inc(group.size());
                release(group.size());
            } else {
                OutboxMetrics.REMOVE_FAILURES.inc();
                LOG.warn("removing {} written entries from the outbox failed, retrying in {} ms: {}", group.size(),
                        REMOVE_RETRY_MILLIS, error.toString());
                failed.add(group);
            }
        });
    }

    private void release(int keys) {
        unremoved.release(keys);
        OutboxMetrics.UNREMOVED.dec(keys);
    }

    /**
     * Removes what is written already, then stops the remover. Writes still in flight are not waited for: their
     * entries stay in the outbox and are written again by the next run.
     */
    @Override
    public void close() {
        closed = true;
        try {
            remover.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OutboxMetrics.UNREMOVED.set(0);
    }
}
