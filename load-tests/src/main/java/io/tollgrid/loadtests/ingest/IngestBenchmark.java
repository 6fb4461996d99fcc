package io.tollgrid.loadtests.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.money.Money;
import io.tollgrid.ops.stack.StackSettings;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * CDRs per second into Cassandra, three ways, on a running local stack:
 * <ol>
 *   <li>Tollgrid's path: stop events put into the grid's outbox; the stack's ingest (Hazelcast Jet) reads them,
 *       writes them with CdrStore and removes them. Timed from the first put until the outbox is empty.</li>
 *   <li>CdrStore.write alone, {@value #IN_FLIGHT} writes in flight.</li>
 *   <li>The limit: a raw prepared async INSERT of the same rows with the driver, {@value #IN_FLIGHT} in flight.</li>
 * </ol>
 * A file-ingest pipeline (Asterisk/FreeSWITCH CSV) does not exist yet, so the outbox path is what is measured.
 */
public final class IngestBenchmark {
    static final int IN_FLIGHT = 256;

    /** One measured way. */
    public record Result(String path, long cdrs, double seconds, String loadAvg) {
        public double perSecond() {
            return cdrs / seconds;
        }
    }

    private IngestBenchmark() {
    }

    public static List<Result> run(StackSettings stack, int count) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        long base = System.currentTimeMillis() - 3_600_000;
        List<StopEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long authorised = base + i;
            events.add(new StopEvent("ingest-bench", "ib-" + (i % 1000), "ib-call-" + i + "-" + base, "35929000001",
                    "44207" + (1_000_000 + i), authorised, authorised + 5_000, authorised + 125_000, 120, 120, "ingest-flat",
                    45_000, "EUR", "{\"callId\":\"ib-call-" + i + "\",\"durationSeconds\":120}"));
        }
        GridSettings grid = new GridSettings("loadgen-ingest-client", stack.discoveryPort(), 10, FreePorts.nextRange(50),
                stack.dir().resolve("ingest-bench-client"), true, 64L * 1024 * 1024, 1, 1);
        try (Ignite client = GridNodes.startClient(grid)) {
            IgniteCache<SessionKey, StopEvent> outbox = client.cache(Caches.CDR_OUTBOX);
            awaitEmpty(outbox, 120);
            long started = System.nanoTime();
            Map<SessionKey, StopEvent> batch = new HashMap<>();
            for (StopEvent event : events) {
                batch.put(new SessionKey(event.accountId(), event.callId()), event);
                if (batch.size() == 500) {
                    outbox.putAll(batch);
                    batch.clear();
                }
            }
            outbox.putAll(batch);
            double filled = (System.nanoTime() - started) / 1e9;
            awaitEmpty(outbox, 600);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("  outbox → Jet → Cassandra: %d CDRs in %.1f s (outbox filled in %.1f s)%n", count, seconds, filled);
            results.add(new Result("tollgrid outbox → ingest (Jet) → Cassandra", count, seconds, Machine.currentLoad()));
        }
        List<RatedCdr> rows = events.stream().map(IngestBenchmark::toCdr).toList();
        CassandraConnection connection = CassandraConnection.parse("127.0.0.1:" + stack.cqlPort() + ";datacenter1");
        try (CqlSession session = connection.openSession()) {
            CdrStore store = CdrStore.open(session, "bench_store", 1);
            results.add(timed("CdrStore.write, " + IN_FLIGHT + " in flight", rows, store::write));
            CdrStore.open(session, "bench_raw", 1);
            PreparedStatement insert = session.prepare("INSERT INTO bench_raw.cdrs_by_account_day (tenant_id, account_id,"
                    + " day, start_time, call_id, caller, callee, answer_time, end_time, duration_seconds, billed_seconds,"
                    + " disposition, rate_id, cost_micros, currency, source, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            results.add(timed("raw driver executeAsync, " + IN_FLIGHT + " in flight", rows, cdr -> session.executeAsync(insert.bind(
                    cdr.tenantId(), cdr.accountId(), cdr.day(), cdr.startTime(), cdr.callId(), cdr.caller(), cdr.callee(),
                    cdr.answerTime(), cdr.endTime(), cdr.durationSeconds(), cdr.billedSeconds(), cdr.disposition(),
                    cdr.rateId(), cdr.cost().micros(), cdr.currency(), cdr.source(), cdr.raw()))));
        }
        return results;
    }

    private static RatedCdr toCdr(StopEvent e) {
        return new RatedCdr(e.tenantId(), e.accountId(), e.callId(), e.caller(), e.callee(),
                Instant.ofEpochMilli(e.authorisedAtMillis()), Instant.ofEpochMilli(e.answeredAtMillis()),
                Instant.ofEpochMilli(e.stoppedAtMillis()), e.durationSecs(), e.billedSecs(), e.disposition(), e.rateId(),
                Money.ofMicros(e.costMicros()), e.currency(), "bench", e.raw());
    }

    private static <T> Result timed(String path, List<RatedCdr> rows, Function<RatedCdr, CompletionStage<T>> write)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long[] failed = new long[1];
        long started = System.nanoTime();
        for (RatedCdr row : rows) {
            inFlight.acquire();
            write.apply(row).whenComplete((ok, error) -> {
                if (error != null) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("  %s: %d CDRs in %.1f s, %d failed%n", path, rows.size(), seconds, failed[0]);
        return new Result(path, rows.size() - failed[0], seconds, Machine.currentLoad());
    }

    private static void awaitEmpty(IgniteCache<SessionKey, StopEvent> outbox, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (outbox.size() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outbox still holds " + outbox.size() + " entries after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
