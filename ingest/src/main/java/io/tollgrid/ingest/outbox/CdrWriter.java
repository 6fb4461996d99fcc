package io.tollgrid.ingest.outbox;

import io.prometheus.client.Counter;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CdrStore;
import io.tollgrid.ingest.Retrying;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

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
    static final Counter WRITTEN = Counter.build("tollgrid_ingest_cdrs_written_total",
            "Rated CDRs written to Cassandra from the grid outbox.").register();

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
        writes.add(Retrying.untilWritten(() -> store.write(item.cdr()), "CDR " + item.accountId() + "/" + item.callId()));
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        writes.forEach(CompletableFuture::join);
        Set<SessionKey> done = new HashSet<>();
        pending.forEach(item -> done.add(new SessionKey(item.accountId(), item.callId())));
        outbox.removeAll(done);
        WRITTEN.inc(pending.size());
        pending.clear();
        writes.clear();
    }
}
