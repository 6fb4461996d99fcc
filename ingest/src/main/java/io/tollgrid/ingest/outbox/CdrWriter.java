package io.tollgrid.ingest.outbox;

import io.prometheus.client.Counter;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CdrStore;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Jet sink state: writes CDRs to Cassandra asynchronously, and on each flush waits for them and
 * removes their outbox entries. A write that fails is retried until it succeeds; the entry never leaves
 * the outbox before its CDR is in Cassandra.
 */
final class CdrWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    static final Counter WRITTEN = Counter.build("tollgrid_ingest_cdrs_written_total",
            "Rated CDRs written to Cassandra from the grid outbox.").register();
    static final long RETRY_PAUSE_MILLIS = 1_000;

    private final CdrStore store;
    private final IgniteCache<SessionKey, StopEvent> outbox;
    private final List<OutboxItem> pending = new ArrayList<>();
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();

    CdrWriter(CdrStore store, Ignite ignite) {
        this.store = store;
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
    }

    void receive(OutboxItem item) {
        pending.add(item);
        writes.add(store.write(item.cdr()).toCompletableFuture());
    }

    void flush() throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        for (int i = 0; i < pending.size(); i++) {
            awaitWritten(pending.get(i), writes.get(i));
        }
        Set<SessionKey> done = new HashSet<>();
        pending.forEach(item -> done.add(new SessionKey(item.accountId(), item.callId())));
        outbox.removeAll(done);
        WRITTEN.inc(pending.size());
        pending.clear();
        writes.clear();
    }

    private void awaitWritten(OutboxItem item, CompletableFuture<Void> write) throws InterruptedException {
        CompletableFuture<Void> attempt = write;
        while (true) {
            try {
                attempt.join();
                return;
            } catch (RuntimeException e) {
                LOG.warn("writing CDR {}/{} to Cassandra failed, retrying: {}", item.accountId(), item.callId(), e.getMessage());
                Thread.sleep(RETRY_PAUSE_MILLIS);
                attempt = store.write(item.cdr()).toCompletableFuture();
            }
        }
    }
}
