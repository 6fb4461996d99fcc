package io.tollgrid.ingest.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes that must happen: a failed attempt is retried after a pause until it succeeds. Every write here is
 * an idempotent upsert, so a retry of a write that did land changes nothing; and a file stays in
 * {@code incoming/} until all of its writes completed, so a stalled Cassandra stalls the import instead of
 * losing lines.
 */
final class Retrying {
    static final long PAUSE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

    private Retrying() {
    }

    static CompletableFuture<Void> untilWritten(Supplier<CompletionStage<Void>> write, String what) {
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
