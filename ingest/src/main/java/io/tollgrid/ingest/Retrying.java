package io.tollgrid.ingest;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes that must happen: a failed attempt is retried after a pause until it succeeds. Every write ingest
 * makes is an idempotent upsert, so a retry of a write that did land changes nothing; and its source (an
 * outbox entry, a file in {@code incoming/}) stays until all its writes completed, so a stalled Cassandra
 * stalls ingest instead of losing CDRs or lines.
 *
 * <p>While Cassandra is down every write in flight fails about once a second, so failures are counted
 * ({@code tollgrid_ingest_cassandra_write_failures_total}, and the writes waiting for a retry in
 * {@code tollgrid_ingest_cassandra_writes_retrying}) and logged at most once per {@value #LOG_EVERY_MILLIS} ms.
 */
public final class Retrying {
    static final long PAUSE_MILLIS = 1_000;
    static final long LOG_EVERY_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);
    static final Counter FAILURES = Counter.build("tollgrid_ingest_cassandra_write_failures_total",
            "Cassandra write attempts by ingest that failed; each is retried after a pause until it succeeds.").register();
    static final Counter RETRIED = Counter.build("tollgrid_ingest_cassandra_writes_retried_total",
            "Cassandra writes by ingest that needed more than one attempt, counted when they finally succeeded.").register();
    static final Gauge RETRYING = Gauge.build("tollgrid_ingest_cassandra_writes_retrying",
            "Cassandra writes by ingest that failed at least once and have not succeeded yet.").register();
    private static final AtomicLong nextLogAt = new AtomicLong();
    private static final AtomicLong unlogged = new AtomicLong();

    private Retrying() {
    }

    public static CompletableFuture<Void> untilWritten(Supplier<CompletionStage<Void>> write, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(write, what, done, 1);
        return done;
    }

    private static void attempt(Supplier<CompletionStage<Void>> write, String what, CompletableFuture<Void> done, int attempt) {
        CompletionStage<Void> stage;
        try {
            stage = write.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, error) -> {
            if (error == null) {
                if (attempt > 1) {
                    RETRYING.dec();
                    RETRIED.inc();
                }
                done.complete(null);
                return;
            }
            FAILURES.inc();
            if (attempt == 1) {
                RETRYING.inc();
            }
            logFailure(what, error);
            CompletableFuture.delayedExecutor(PAUSE_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(write, what, done, attempt + 1));
        });
    }

    private static void logFailure(String what, Throwable error) {
        long now = System.currentTimeMillis();
        long due = nextLogAt.get();
        if (now >= due && nextLogAt.compareAndSet(due, now + LOG_EVERY_MILLIS)) {
            long others = unlogged.getAndSet(0);
            LOG.warn("writing {} to Cassandra failed, retrying every {} ms ({} other failed attempts since the last"
                    + " message): {}", what, PAUSE_MILLIS, others, error.toString());
        } else {
            unlogged.incrementAndGet();
        }
    }
}
