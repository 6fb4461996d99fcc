package io.tollgrid.ingest.outbox;

import com.hazelcast.jet.pipeline.SourceBuilder;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox source against a real grid: pushed entries, the start-up sweep, no repeats, overflow, the bound on
 * entries in flight, and a backlog of several batches read once. Entries are written straight into the cache, as
 * the charging core does.
 */
class OutboxReaderTest {
    private static final long NEVER = Long.MAX_VALUE / 2;
    private static Ignite server;
    private static IgniteCache<SessionKey, StopEvent> outbox;
    private static CdrOutbox cdrOutbox;

    @BeforeAll
    static void start() {
        GridSettings grid = TestGrids.settings("outbox-reader");
        server = GridNodes.startServer(grid);
        outbox = server.cache(Caches.CDR_OUTBOX);
        cdrOutbox = new CdrOutbox(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void emptyOutbox() {
        outbox.clear();
    }

    @Test
    void entriesWaitingAtStartAreEmittedByTheFirstSweepAndNeverTwice() throws InterruptedException {
        put("waiting-1");
        put("waiting-2");
        try (OutboxReader reader = new OutboxReader(cdrOutbox, NEVER, 1_000, OutboxReader.MAX_IN_FLIGHT)) {
            Buffer buffer = new Buffer();
            // The start-up sweep moves through a bounded number of partitions per fill.
            fillUntil(reader, buffer, 2);
            for (int i = 0; i < 2 * cdrOutbox.partitions() / CdrOutbox.PARTITIONS_PER_CALL; i++) {
                reader.fill(buffer);
            }
            assertEquals(List.of("waiting-1", "waiting-2"), buffer.callIds().stream().sorted().toList());
        }
    }

    @Test
    void anEntryCommittedWhileRunningIsPushedWithoutWaitingForAScan() throws InterruptedException {
        try (OutboxReader reader = new OutboxReader(cdrOutbox, NEVER, 1_000, OutboxReader.MAX_IN_FLIGHT)) {
            Buffer buffer = new Buffer();
            reader.fill(buffer); // the start-up scan, of an empty outbox; the next scan is never due
            put("pushed");
            fillUntil(reader, buffer, 1);
            reader.fill(buffer);
            assertEquals(List.of("pushed"), buffer.callIds());
        }
    }

    @Test
    void anEntryRemovedAndWrittenAgainIsEmittedAgain() throws InterruptedException {
        try (OutboxReader reader = new OutboxReader(cdrOutbox, NEVER, 1_000, OutboxReader.MAX_IN_FLIGHT)) {
            Buffer buffer = new Buffer();
            reader.fill(buffer);
            put("again");
            fillUntil(reader, buffer, 1);
            outbox.remove(new SessionKey("acc", "again"));
            put("again");
            fillUntil(reader, buffer, 2);
            assertEquals(List.of("again", "again"), buffer.callIds());
        }
    }

    @Test
    void pushedEventsBeyondTheQueueLimitAreFoundByTheScanTheOverflowTriggers() throws InterruptedException {
        try (OutboxReader reader = new OutboxReader(cdrOutbox, NEVER, 3, OutboxReader.MAX_IN_FLIGHT)) {
            Buffer buffer = new Buffer();
            reader.fill(buffer);
            for (int i = 0; i < 20; i++) {
                put("burst-" + i);
            }
            fillUntil(reader, buffer, 20);
            assertEquals(20, buffer.callIds().stream().distinct().count());
            assertEquals(20, buffer.callIds().size(), "no entry emitted twice");
        }
    }

    @Test
    void aBacklogOfSeveralBatchesIsReadOnceWithinTheInFlightBound() throws InterruptedException {
        int backlog = 5 * OutboxReader.MAX_BATCH + 17;
        int maxInFlight = 700;
        java.util.Map<SessionKey, StopEvent> entries = new java.util.HashMap<>();
        for (int i = 0; i < backlog; i++) {
            entries.put(new SessionKey("acc-" + (i % 50), "backlog-" + i), event("acc-" + (i % 50), "backlog-" + i));
        }
        outbox.putAll(entries);
        // A queue of 3 events drops most removal events: the sweeps must forget those keys themselves.
        try (OutboxReader reader = new OutboxReader(cdrOutbox, 0, 3, maxInFlight)) {
            Buffer buffer = new Buffer();
            long deadline = System.nanoTime() + 60_000_000_000L;
            int removed = 0;
            while (buffer.size() < backlog && System.nanoTime() < deadline) {
                reader.fill(buffer);
                assertTrue(reader.inFlight() <= maxInFlight, "in flight " + reader.inFlight());
                // The sink's part: write (nothing here) and remove what was emitted.
                java.util.Set<SessionKey> done = new java.util.HashSet<>();
                for (OutboxItem item : buffer.items.subList(removed, buffer.size())) {
                    done.add(new SessionKey(item.accountId(), item.callId()));
                }
                cdrOutbox.removeAll(done);
                removed = buffer.size();
            }
            assertEquals(backlog, buffer.size(), "every waiting entry emitted");
            assertEquals(backlog, buffer.callIds().stream().distinct().count(), "no entry emitted twice");
            assertEquals(0, cdrOutbox.backlog());
        }
    }

    private static void fillUntil(OutboxReader reader, Buffer buffer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (buffer.callIds().size() < count && System.nanoTime() < deadline) {
            reader.fill(buffer);
            Thread.sleep(20);
        }
        assertTrue(buffer.callIds().size() >= count, "emitted " + buffer.callIds() + ", expected " + count);
    }

    private static void put(String callId) {
        outbox.put(new SessionKey("acc", callId), event("acc", callId));
    }

    private static StopEvent event(String account, String callId) {
        return new StopEvent("t", account, callId, "1", "2", 1_000, 2_000, 62_000, 60, 60, "flat", 10_000, "EUR", "");
    }

    private static final class Buffer implements SourceBuilder.SourceBuffer<OutboxItem> {
        private final List<OutboxItem> items = new ArrayList<>();

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void close() {
        }

        @Override
        public void add(OutboxItem item) {
            items.add(item);
        }

        List<String> callIds() {
            return items.stream().map(OutboxItem::callId).toList();
        }
    }
}
