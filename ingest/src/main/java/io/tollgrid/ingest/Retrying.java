package io.tollgrid.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes that must happen: a failed attempt is retried after a pause until it succeeds. Every write ingest
 * makes is an idempotent upsert, so a retry of a write that did land changes nothing; and its source (an
 * outbox entry, a file in {@code incoming/}) stays until all its writes completed, so a stalled Cassandra
 * stalls ingest instead of losing CDRs or lines.
 */
public final class Retrying {
    static final long PAUSE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

    private Retrying() {
    }

    public static CompletableFuture<Void> untilWritten(Supplier<CompletionStage<Void>> write, String what) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(write, what, done);
        return done;
    }

    private static void attempt(Supplier<CompletionStage<Void>> write, String what, CompletableFuture<Void> done) {
        write.get().whenComplete((ok, error) -> {
            if (error == null) {
                done.complete(null);
                return;
            }
            LOG.warn("writing {} to Cassandra failed, retrying in {} ms: {}", what, PAUSE_MILLIS, error.toString());
            CompletableFuture.delayedExecutor(PAUSE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> attempt(write, what, done));
        });
    }
}
