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
 * the days written to, on a cadence that keeps the cost of a day proportional to its calls, not to its calls
 * squared (docs/rollups.md#cadence):
 * <ul>
 *   <li>a day that has ended ({@link #CLOSED_AFTER} past its UTC midnight) is recomputed once no CDR has been
 *       written to it for {@code interval}: a late call or an imported file is rolled up seconds after it stops;</li>
 *   <li>a day still being written to (today, or a long import) is recomputed at most once per
 *       {@code openDayInterval}. Each recompute reads the whole day, so recomputing today every few seconds made
 *       a busy account's day read over and over (the issue-12 measurement: four Cassandra requests per CDR).</li>
 * </ul>
 * Reports stay exact meanwhile: a day with a pending marker is read from its CDRs, not from its rollup
 * ({@link UsageReports}).
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
    /** The longest a day still being written to waits between two recomputes. */
    public static final Duration OPEN_DAY_INTERVAL = Duration.ofMinutes(5);
    /** How long after its UTC midnight a day counts as ended: most calls that began before midnight have stopped. */
    static final Duration CLOSED_AFTER = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(RollupRefresher.class);

    private final DailyRollups rollups;
    private final Duration interval;
    private final Duration openDayInterval;
    private final java.time.Clock clock;
    private final ConcurrentHashMap<RollupKey, DayState> days = new ConcurrentHashMap<>();
    private final Semaphore recomputing = new Semaphore(MAX_RECOMPUTES_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * What is known of one day: writes in flight, whether its marker is stored, whether it needs a recompute, when
     * it last became dirty and when it was last written (clock millis; 0 when it is not dirty).
     */
    private record DayState(int inFlight, boolean marked, boolean dirty, long dirtySince, long lastWrite) {
        DayState {
            if (inFlight < 0) {
                throw new IllegalStateException("negative writes in flight: " + inFlight);
            }
        }

        DayState written(long now) {
            return new DayState(inFlight - 1, marked, true, dirty ? dirtySince : now, now);
        }
    }

    private RollupRefresher(DailyRollups rollups, Duration interval, Duration openDayInterval, java.time.Clock clock) {
        this.rollups = rollups;
        this.interval = interval;
        this.openDayInterval = openDayInterval;
        this.clock = clock;
        this.thread = new Thread(this::run, "rollup-refresher");
        thread.setDaemon(true);
    }

    /**
     * Observes {@code store}'s writes from now on, recomputes the days left pending by an earlier run, and starts
     * refreshing every {@code interval}; an open day every {@link #OPEN_DAY_INTERVAL}, or {@code interval} if longer.
     */
    public static RollupRefresher start(CdrStore store, DailyRollups rollups, Duration interval) {
        Duration openDay = interval.compareTo(OPEN_DAY_INTERVAL) > 0 ? interval : OPEN_DAY_INTERVAL;
        return start(store, rollups, interval, openDay, java.time.Clock.systemUTC());
    }

    /** As {@link #start(CdrStore, DailyRollups, Duration)}, with the open-day cadence and the clock given. */
    public static RollupRefresher start(CdrStore store, DailyRollups rollups, Duration interval, Duration openDayInterval,
                                        java.time.Clock clock) {
        if (interval.isNegative() || interval.isZero() || openDayInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the refresh interval must be positive and no longer than the open-day"
                    + " interval: " + interval + ", " + openDayInterval);
        }
        RollupRefresher refresher = new RollupRefresher(rollups, interval, openDayInterval, clock);
        long now = clock.millis();
        for (RollupKey left : rollups.pending().toCompletableFuture().join()) {
            // Left by a crash or a stop: due at once if its day has ended, else on the open-day cadence.
            refresher.days.put(left, new DayState(0, true, true, now - openDayInterval.toMillis(), 0));
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
                return state == null ? new DayState(1, true, false, 0, 0)
                        : new DayState(state.inFlight() + 1, true, state.dirty(), state.dirtySince(), state.lastWrite());
            }
            return new DayState(state.inFlight() + 1, true, state.dirty(), state.dirtySince(), state.lastWrite());
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
        long now = clock.millis();
        days.compute(RollupKey.of(cdr), (k, state) -> {
            if (state == null) {
                throw new IllegalStateException("afterWrite without beforeWrite for " + k);
            }
            if (written) {
                return state.written(now);
            }
            // A failed write may have failed at its marker: mark again next time rather than trust it.
            DayState failed = new DayState(state.inFlight() - 1, false, state.dirty(), state.dirtySince(), state.lastWrite());
            return failed.inFlight() == 0 && !failed.dirty() ? null : failed;
        });
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
                refreshDue();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("rollup refresh failed; retrying in {} ms", interval.toMillis(), e);
            }
        }
    }

    /**
     * Recomputes every day written to since its last recompute that has no write in flight, whatever the cadence,
     * and returns once they are written: what a test, a benchmark or an operator calls to read the rollups now.
     */
    public void refreshOnce() throws InterruptedException {
        recompute((key, state, now) -> true);
    }

    /** Recomputes what is due on the cadence now: what the refresher's thread does every interval. */
    void refreshDue() throws InterruptedException {
        recompute(this::due);
    }

    /** Whether a dirty day with no write in flight is due on the cadence (the class comment). */
    private boolean due(RollupKey key, DayState state, long now) {
        long ended = key.day().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()
                + CLOSED_AFTER.toMillis();
        boolean quiet = now - state.lastWrite() >= interval.toMillis();
        boolean waitedLongEnough = now - state.dirtySince() >= openDayInterval.toMillis();
        return (now >= ended && quiet) || waitedLongEnough;
    }

    private interface Due {
        boolean test(RollupKey key, DayState state, long now);
    }

    private void recompute(Due dueNow) throws InterruptedException {
        long now = clock.millis();
        java.util.Map<RollupKey, Long> due = new java.util.HashMap<>();
        for (RollupKey key : days.keySet()) {
            // Taken out under the key's lock with its timestamp: a write that marks the day again from here on
            // marks it under a later timestamp, which the clearPending below cannot delete.
            days.computeIfPresent(key, (k, state) -> {
                if (state.dirty() && state.inFlight() == 0 && dueNow.test(k, state, now)) {
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
                            long failedAt = clock.millis();
                            days.merge(key, new DayState(0, true, true, failedAt, failedAt),
                                    (current, failed) -> new DayState(current.inFlight(), true, true, failedAt, failedAt));
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
            refreshDue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
