package io.tollgrid.history.rollup;

import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the rollups following a CDR store's writes: it observes every write, and a thread of its own recomputes
 * each day that was written to, at most once per {@code interval}, so a busy day is read once per interval, not
 * once per call.
 *
 * <p>Nothing is lost to a crash: before the first write to a day since its last recompute, a pending marker is
 * written to Cassandra, and the CDR is written only after it; the marker is deleted after a recompute, under the
 * timestamp the recompute started at, so a write that marked the day again meanwhile keeps its marker. At start,
 * every marked day is recomputed. A day is recomputed only while no write to it is in flight, so a recompute reads
 * every write that preceded it.
 */
public final class RollupRefresher implements CdrStore.WriteObserver, AutoCloseable {
    /** Recomputes in flight at once. */
    static final int MAX_RECOMPUTES_IN_FLIGHT = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RollupRefresher.class);

    private final DailyRollups rollups;
    private final Duration interval;
    private final ConcurrentHashMap<RollupKey, DayState> days = new ConcurrentHashMap<>();
    private final Semaphore recomputing = new Semaphore(MAX_RECOMPUTES_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean closed;

    /** What is known of one day: writes in flight, whether its marker is stored, whether it needs a recompute. */
    private record DayState(int inFlight, boolean marked, boolean dirty) {
    }

    private RollupRefresher(DailyRollups rollups, Duration interval) {
        this.rollups = rollups;
        this.interval = interval;
        this.thread = new Thread(this::run, "rollup-refresher");
        thread.setDaemon(true);
    }

    /**
     * Observes {@code store}'s writes from now on, recomputes the days left pending by an earlier run, and starts
     * refreshing every {@code interval}.
     */
    public static RollupRefresher start(CdrStore store, DailyRollups rollups, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the refresh interval must be positive: " + interval);
        }
        RollupRefresher refresher = new RollupRefresher(rollups, interval);
        for (RollupKey left : rollups.pending().toCompletableFuture().join()) {
            refresher.days.put(left, new DayState(0, true, true));
        }
        store.observeWrites(refresher);
        refresher.thread.start();
        return refresher;
    }

    @Override
    public CompletionStage<Void> beforeWrite(RatedCdr cdr) {
        RollupKey key = RollupKey.of(cdr);
        boolean[] mark = new boolean[1];
        long[] timestamp = new long[1];
        days.compute(key, (k, state) -> {
            if (state == null || !state.marked()) {
                mark[0] = true;
                timestamp[0] = DailyRollups.nextTimestamp();
                return new DayState(state == null ? 1 : state.inFlight() + 1, true, state != null && state.dirty());
            }
            return new DayState(state.inFlight() + 1, true, state.dirty());
        });
        if (!mark[0]) {
            return CompletableFuture.completedFuture(null);
        }
        // Marked in memory at once, so the writes that follow do not mark again; if this marker write fails, the
        // CDR write fails with it and is retried by its writer, and the in-memory mark is dropped in afterWrite.
        return rollups.markPending(key, timestamp[0]);
    }

    @Override
    public void afterWrite(RatedCdr cdr, boolean written) {
        days.compute(RollupKey.of(cdr), (k, state) -> {
            if (state == null) {
                throw new IllegalStateException("afterWrite without beforeWrite for " + k);
            }
            // A failed write may have failed at its marker: mark again next time rather than trust it.
            boolean marked = written && state.marked();
            boolean dirty = state.dirty() || written;
            return state.inFlight() == 1 && !marked && !dirty ? null : new DayState(state.inFlight() - 1, marked, dirty);
        });
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
                refreshOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("rollup refresh failed; retrying in {} ms", interval.toMillis(), e);
            }
        }
    }

    /**
     * Recomputes every day written to since its last recompute that has no write in flight, and returns once they
     * are written: what the refresher's thread does every interval, and what a test calls to read its rollups now.
     */
    public void refreshOnce() throws InterruptedException {
        java.util.Map<RollupKey, Long> due = new java.util.HashMap<>();
        for (RollupKey key : days.keySet()) {
            // Taken out under the key's lock with its timestamp: a write that marks the day again from here on
            // marks it under a later timestamp, which the clearPending below cannot delete.
            days.computeIfPresent(key, (k, state) -> {
                if (state.dirty() && state.inFlight() == 0) {
                    due.put(k, DailyRollups.nextTimestamp());
                    return null;
                }
                return state;
            });
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (java.util.Map.Entry<RollupKey, Long> entry : due.entrySet()) {
            RollupKey key = entry.getKey();
            long started = entry.getValue();
            recomputing.acquire();
            running.add(rollups.recompute(key)
                    .thenCompose(ignored -> rollups.clearPending(key, started))
                    .whenComplete((ok, error) -> {
                        recomputing.release();
                        if (error != null) {
                            LOG.warn("recomputing the rollup of {} failed; it stays pending: {}", key, error.toString());
                            days.merge(key, new DayState(0, true, true),
                                    (now, failed) -> new DayState(now.inFlight(), true, true));
                        }
                    }).toCompletableFuture());
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(error -> null).join();
    }

    /** Days waiting for a recompute, for tests and metrics. */
    public int pendingDays() {
        return (int) days.values().stream().filter(DayState::dirty).count();
    }

    /** Recomputes what is due now, and stops. Days still being written keep their markers for the next start. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            refreshOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
