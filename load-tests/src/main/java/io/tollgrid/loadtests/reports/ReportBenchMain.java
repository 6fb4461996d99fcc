package io.tollgrid.loadtests.reports;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.history.CdrFilter;
import io.tollgrid.history.CdrPage;
import io.tollgrid.history.CdrPosition;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.ReportPeriod;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.history.rollup.UsageReport;
import io.tollgrid.history.rollup.UsageReports;
import io.tollgrid.localcluster.CassandraSource;
import io.tollgrid.localcluster.RunningCassandra;
import io.tollgrid.loadtests.cli.Args;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * {@code load-tests/report-bench.sh --cdrs 1000000 --days 365}: one account's CDRs spread evenly over the days of
 * 2025 (50 destinations, a fifth unanswered, 100 extensions in 5 departments, 3 carriers), written through {@link CdrStore} with a {@link RollupRefresher}
 * observing it, then rolled up; then a year's usage report in UTC and in Europe/Sofia (two cut edge days read from
 * CDRs), five times each; then the whole year read page by page as the CSV export does, with the heap it held.
 */
public final class ReportBenchMain {
    private static final int WRITES_IN_FLIGHT = 256;

    private ReportBenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        int cdrs = args.integer("cdrs", 1_000_000);
        int days = args.integer("days", 365);
        Path dir = Path.of(args.text("dir", "load-tests/target/report-bench")).toAbsolutePath();
        System.out.println("machine: " + Machine.now());
        try (RunningCassandra cassandra = CassandraSource.start(System.getenv(), dir);
             CqlSession session = cassandra.endpoint().openSession()) {
            System.out.println("cassandra: " + cassandra.origin());
            CdrStore store = CdrStore.open(session, "report_bench", 1);
            DailyRollups rollups = DailyRollups.open(session, store);
            LocalDate first = LocalDate.parse("2025-01-01");
            try (RollupRefresher refresher = RollupRefresher.start(store, rollups, Duration.ofHours(1))) {
                long started = System.nanoTime();
                write(store, cdrs, days, first);
                double writeSeconds = seconds(started);
                System.out.printf("wrote %,d CDRs over %d days in %.1f s (%.0f/s)%n", cdrs, days, writeSeconds,
                        cdrs / writeSeconds);
                started = System.nanoTime();
                refresher.refreshOnce();
                System.out.printf("rolled up %d days (each recomputed from its partition) in %.1f s%n", days,
                        seconds(started));
            }
            UsageReports reports = new UsageReports(rollups);
            LocalDate last = first.plusDays(days - 1);
            for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Sofia"))) {
                ReportPeriod period = new ReportPeriod(first, last, zone);
                List<Double> millis = new ArrayList<>();
                UsageReport report = null;
                for (int run = 0; run < 5; run++) {
                    long began = System.nanoTime();
                    report = reports.account("bench", "bench-1", period).toCompletableFuture().join();
                    millis.add((System.nanoTime() - began) / 1e6);
                }
                Collections.sort(millis);
                System.out.printf("year report %s: %s ms (5 runs, sorted); %d calls, %s, margin %s, %d destinations,"
                        + " %d extensions, %d departments, %d carriers%n", zone, millis,
                        report.total().get(0).usage().calls(), report.total().get(0).usage().cost().toPlainString(),
                        report.total().get(0).usage().margin().toPlainString(), report.byDestination().size(),
                        report.byExtension().size(), report.byDepartment().size(), report.byCarrier().size());
            }
            exportRead(store, first, days);
        }
        System.exit(0);
    }

    private static void write(CdrStore store, int cdrs, int days, LocalDate first) throws InterruptedException {
        Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        long spacingMillis = days * 86_400_000L / cdrs;
        for (int n = 0; n < cdrs; n++) {
            Instant at = start.plusMillis(n * spacingMillis);
            boolean answered = n % 5 != 0;
            long seconds = answered ? 30 + n % 600 : 0;
            // 100 extensions in 5 departments, 3 carriers that each call cost 60% of its price, 2 call types.
            long cost = answered ? 500L * seconds : 0;
            long buyCost = cost * 3 / 5;
            String extension = Integer.toString(1000 + n % 100);
            RatedCdr cdr = new RatedCdr("bench", "bench-1", "c-" + n, extension, "44" + (20 + n % 50) + "7000000",
                    at, answered ? at : null, at.plusSeconds(seconds), seconds, seconds, answered ? "ANSWERED" : "NO_ANSWER",
                    "retail/44" + (20 + n % 50) + "@v1", Money.ofMicros(cost), "EUR", "bench", "raw", null, null, false,
                    "carrier-" + n % 3, Money.ofMicros(buyCost), Money.ofMicros(cost - buyCost))
                    .classified(extension, RatedCdr.Direction.OUTBOUND, n % 7 == 0 ? CallType.MOBILE : CallType.INTERNATIONAL)
                    .inDepartment("dept-" + n % 5);
            inFlight.acquire();
            store.write(cdr).whenComplete((ok, error) -> {
                inFlight.release();
                if (error != null) {
                    System.err.println("write failed: " + error);
                }
            });
        }
        inFlight.acquire(WRITES_IN_FLIGHT);
    }

    /** Reads every CDR of the year 1,000 at a time, as the export does, and reports the most heap in use meanwhile. */
    private static void exportRead(CdrStore store, LocalDate first, int days) {
        System.gc();
        long before = usedHeap();
        long peak = before;
        long rows = 0;
        long started = System.nanoTime();
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = from.plus(Duration.ofDays(Math.min(days, 366)));
        CdrPosition after = null;
        do {
            CdrPage page = store.page("bench", "bench-1", from, end, CdrFilter.NONE, after, 1_000).toCompletableFuture().join();
            rows += page.rows().size();
            after = page.next();
            peak = Math.max(peak, usedHeap());
        } while (after != null);
        System.out.printf("read %,d CDRs page by page in %.1f s (%.0f/s); heap in use %d MiB before, at most %d MiB%n",
                rows, seconds(started), rows / seconds(started), before >> 20, peak >> 20);
    }

    private static long usedHeap() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
