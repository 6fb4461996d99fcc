package io.tollgrid.loadtests.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.outbox.StopEventPipeline;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.money.Money;
import io.tollgrid.ops.stack.DemoData;
import io.tollgrid.ops.stack.StackSettings;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * CDRs per second into Cassandra, four ways, on a running local stack:
 * <ol>
 *   <li>Tollgrid's path: stop events put into the grid's outbox; the stack's ingest (Hazelcast Jet) reads them,
 *       writes them with CdrStore and removes them. Timed from the first put until the outbox is empty.</li>
 *   <li>CDR files: the same calls as Asterisk Master.csv lines in {@value #FILES} files, moved into the stack's
 *       {@code cdr-files/pbx/incoming}; ingest archives, parses, rates (demo-flat) and writes them. Timed from the
 *       first move until every file is in {@code done/} (a file moves only once all its rows are written), then
 *       the rows are counted in Cassandra.</li>
 *   <li>CDR files posted to the ledger: the same calls under other call ids and accounts, through a second file
 *       source, {@value #POSTED_SOURCE}, with {@code post=true} ({@link #STACK_CONFIG}): each CDR is also looked for in
 *       history (a stop of the same call) and posted to its account as a CHARGE through the grid before its row is
 *       written. Timed the same way; then the rows are counted and the accounts' debits summed against them.</li>
 *   <li>CdrStore.write alone, {@value #IN_FLIGHT} writes in flight.</li>
 *   <li>The limit: a raw prepared async INSERT of the same rows with the driver, {@value #IN_FLIGHT} in flight.</li>
 * </ol>
 * {@link #backlog} measures the outbox path draining a backlog instead: the stop-event job is suspended, the
 * outbox filled, the job resumed, and the drain timed from the resume until the outbox is empty, beside the raw
 * driver writing the same rows in the same run.
 */
public final class IngestBenchmark {
    static final int IN_FLIGHT = 256;
    static final int FILES = 10;
    static final String FILE_SOURCE = "pbx";
    /** The stack's file source that posts to the ledger; configured by {@link #STACK_CONFIG}. */
    static final String POSTED_SOURCE = "pbxpost";
    /**
     * What a stack needs for the posted file path: a second Asterisk source like the stack's own {@code pbx}, with
     * {@code post=true}. Pass it to {@code LocalStack.start}; later lines of the configuration win.
     */
    public static final List<String> STACK_CONFIG = List.of(
            "ingest.files.sources=" + FILE_SOURCE + "," + POSTED_SOURCE,
            "ingest.files." + POSTED_SOURCE + ".format=asterisk-csv",
            "ingest.files." + POSTED_SOURCE + ".zone=Europe/Sofia",
            "ingest.files." + POSTED_SOURCE + ".tenant=" + DemoData.TENANT,
            "ingest.files." + POSTED_SOURCE + ".account.from=record",
            "ingest.files." + POSTED_SOURCE + ".plan=demo-flat",
            "ingest.files." + POSTED_SOURCE + ".currency=EUR",
            "ingest.files." + POSTED_SOURCE + ".dial.strip=9",
            "ingest.files." + POSTED_SOURCE + ".dial.international=00",
            "ingest.files." + POSTED_SOURCE + ".dial.national=0",
            "ingest.files." + POSTED_SOURCE + ".dial.country=359",
            "ingest.files." + POSTED_SOURCE + ".post=true");
    private static final String POSTED_OPENING_TEXT = "1000000";
    /** Each account's opening balance in the posted path: never the limit. */
    private static final Money POSTED_OPENING = Money.parse(POSTED_OPENING_TEXT);
    static final ZoneId PBX_ZONE = ZoneId.of("Europe/Sofia");
    private static final DateTimeFormatter LOCAL_STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

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
        List<StopEvent> events = events(count, base);
        GridSettings grid = new GridSettings("loadgen-ingest-client", stack.discoveryPort(), 10, FreePorts.nextRange(50),
                stack.dir().resolve("ingest-bench-client"), true, 64L * 1024 * 1024, 1, 1);
        try (Ignite client = GridNodes.startClient(grid)) {
            IgniteCache<SessionKey, StopEvent> outbox = client.cache(Caches.CDR_OUTBOX);
            awaitEmpty(outbox, 120);
            long started = System.nanoTime();
            fill(outbox, events);
            double filled = (System.nanoTime() - started) / 1e9;
            awaitEmpty(outbox, 600);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("  outbox → Jet → Cassandra: %d CDRs in %.1f s (outbox filled in %.1f s)%n", count, seconds, filled);
            results.add(new Result("tollgrid outbox → ingest (Jet) → Cassandra", count, seconds, Machine.currentLoad()));
        }
        results.add(files(stack, events, base));
        results.add(postedFiles(stack, count, base));
        results.addAll(driverPaths(stack, events));
        return results;
    }

    /**
     * The file path with posting on ({@value #POSTED_SOURCE}): the same calls under call ids and accounts of their own
     * ({@code ibp-0} to {@code ibp-999}, opened here with {@value #POSTED_OPENING_TEXT} EUR each, before the clock
     * starts). After the files are done, every row is counted, and the accounts' balances must have moved by exactly
     * the rows' costs: each CDR posted once.
     */
    private static Result postedFiles(StackSettings stack, int count, long base) throws InterruptedException {
        List<StopEvent> events = events(count, base, DemoData.TENANT, "ibp-");
        DemoData.load("http://127.0.0.1:" + stack.httpPort(), stack.adminKey());
        GridSettings grid = new GridSettings("loadgen-ingest-posted", stack.discoveryPort(), 10, FreePorts.nextRange(50),
                stack.dir().resolve("ingest-bench-posted"), true, 64L * 1024 * 1024, 1, 1);
        List<String> accounts = events.stream().map(StopEvent::accountId).distinct().toList();
        try (Ignite client = GridNodes.startClient(grid)) {
            GridAdmin admin = new GridAdmin(client);
            for (String account : accounts) {
                if (admin.account(account).isEmpty()) {
                    admin.createAccount(DemoData.TENANT, account, "EUR", "demo-flat", POSTED_OPENING, Money.ZERO);
                }
            }
            long before = accounts.stream().mapToLong(a -> admin.account(a).orElseThrow().balanceMicros()).sum();
            Result result = fileRun(stack, events, base, POSTED_SOURCE,
                    "CDR files (Asterisk, post=true) → ingest (Jet) → ledger + Cassandra");
            long after = accounts.stream().mapToLong(a -> admin.account(a).orElseThrow().balanceMicros()).sum();
            long rowCosts = rowCost(stack, events, DemoData.TENANT);
            System.out.printf("  posted: accounts debited %s, rows cost %s%n", Money.ofMicros(before - after).toPlainString(),
                    Money.ofMicros(rowCosts).toPlainString());
            if (before - after != rowCosts) {
                throw new IllegalStateException("the accounts moved by " + (before - after) + " micros, the rows cost "
                        + rowCosts + ": not each CDR posted once");
            }
            return result;
        }
    }

    /** Puts the stop events into the outbox, 500 per putAll. */
    private static void fill(IgniteCache<SessionKey, StopEvent> outbox, List<StopEvent> events) {
        Map<SessionKey, StopEvent> batch = new HashMap<>();
        for (StopEvent event : events) {
            batch.put(new SessionKey(event.accountId(), event.callId()), event);
            if (batch.size() == 500) {
                outbox.putAll(batch);
                batch.clear();
            }
        }
        outbox.putAll(batch);
    }

    /**
     * A backlog of {@code count} CDRs drained through the outbox path, against CdrStore.write and the raw driver
     * on the same rows in the same run. The fill does not count: the stack's stop-event job is suspended (through a
     * Hazelcast client of the ingest member) while the client fills the outbox, and the clock starts at the resume,
     * so the drain time includes the job's restart and its first sweep of the outbox, as after an ingest restart.
     * Every drained CDR is then counted in Cassandra.
     */
    public static List<Result> backlog(StackSettings stack, int count, List<Long> pids) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        long base = System.currentTimeMillis() - 3_600_000;
        List<StopEvent> events = events(count, base, "ingest-backlog", "ibb-");
        GridSettings grid = new GridSettings("loadgen-ingest-client", stack.discoveryPort(), 10, FreePorts.nextRange(50),
                stack.dir().resolve("ingest-bench-client"), true, 64L * 1024 * 1024, 1, 1);
        ClientConfig hzConfig = new ClientConfig().setClusterName("tollgrid-ingest");
        for (int port = stack.hazelcastPort(); port < stack.hazelcastPort() + 3; port++) {
            hzConfig.getNetworkConfig().addAddress("127.0.0.1:" + port);
        }
        HazelcastInstance hz = HazelcastClient.newHazelcastClient(hzConfig);
        try (Ignite client = GridNodes.startClient(grid)) {
            IgniteCache<SessionKey, StopEvent> outbox = client.cache(Caches.CDR_OUTBOX);
            awaitEmpty(outbox, 120);
            Job job = hz.getJet().getJob(StopEventPipeline.JOB_NAME);
            job.suspend();
            awaitStatus(job, JobStatus.SUSPENDED);
            long fillStarted = System.nanoTime();
            fill(outbox, events);
            double filled = (System.nanoTime() - fillStarted) / 1e9;
            System.out.printf("  outbox filled with %d CDRs in %.1f s (job suspended; not timed), outbox size %d%n",
                    count, filled, outbox.size());
            double[] cpuBefore = cpuSeconds(pids);
            long started = System.nanoTime();
            job.resume();
            awaitEmpty(outbox, 1_800);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("  outbox backlog → Jet → Cassandra: %d CDRs drained in %.1f s%n", count, seconds);
            printCpu("drain", pids, cpuBefore, count, seconds);
            results.add(new Result("outbox backlog → ingest (Jet) → Cassandra", count, seconds, Machine.currentLoad()));
        } finally {
            hz.shutdown();
        }
        long stored = countRows(stack, events, "ingest-backlog");
        System.out.printf("  %d of %d backlog CDRs found in Cassandra%n", stored, count);
        if (stored != count) {
            throw new IllegalStateException("expected " + count + " backlog CDRs in Cassandra, found " + stored);
        }
        double[] cpuBefore = cpuSeconds(pids);
        long started = System.nanoTime();
        results.addAll(driverPaths(stack, events));
        printCpu("CdrStore.write + raw driver", pids, cpuBefore, 2L * count, (System.nanoTime() - started) / 1e9);
        return results;
    }

    /** CPU seconds used so far by each process (the stack's, then this benchmark's own JVM). */
    private static double[] cpuSeconds(List<Long> pids) {
        double[] cpu = new double[pids.size() + 1];
        for (int i = 0; i <= pids.size(); i++) {
            java.util.Optional<ProcessHandle> process = i < pids.size() ? ProcessHandle.of(pids.get(i))
                    : java.util.Optional.of(ProcessHandle.current());
            cpu[i] = process.flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }
        return cpu;
    }

    private static void printCpu(String what, List<Long> pids, double[] before, long cdrs, double seconds) {
        double[] after = cpuSeconds(pids);
        StringBuilder line = new StringBuilder("  CPU during " + what + " (" + cdrs + " CDR writes, "
                + String.format("%.1f", seconds) + " s):");
        double total = 0;
        for (int i = 0; i < after.length; i++) {
            double used = after[i] - before[i];
            total += used;
            line.append(String.format(" %s %.1f s (%.3f ms/CDR);", i < pids.size() ? "pid " + pids.get(i) : "bench JVM",
                    used, 1000 * used / cdrs));
        }
        line.append(String.format(" all %.1f s = %.2f cores", total, total / seconds));
        System.out.println(line);
    }

    /**
     * The outbox path at a steady rate: {@code rate} stop events a second put one by one (one transaction each, as
     * stops commit) for {@code seconds}, then until the outbox is empty; prints the ingest process's CPU time per CDR
     * (from its /metrics {@code process_cpu_seconds_total}), beside its CPU over as long a time idle before.
     */
    public static void steady(StackSettings stack, String ingestMetricsUrl, int rate, int seconds) throws InterruptedException {
        int count = rate * seconds;
        long base = System.currentTimeMillis() - 3_600_000;
        List<StopEvent> events = events(count, base, "ingest-steady", "ibs-");
        GridSettings grid = new GridSettings("loadgen-ingest-client", stack.discoveryPort(), 10, FreePorts.nextRange(50),
                stack.dir().resolve("ingest-bench-client"), true, 64L * 1024 * 1024, 1, 1);
        try (Ignite client = GridNodes.startClient(grid)) {
            IgniteCache<SessionKey, StopEvent> outbox = client.cache(Caches.CDR_OUTBOX);
            awaitEmpty(outbox, 120);
            Thread.sleep(5_000);
            double idleStart = cpuSeconds(ingestMetricsUrl);
            long idleFrom = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double idle = cpuSeconds(ingestMetricsUrl) - idleStart;
            double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
            double cpuStart = cpuSeconds(ingestMetricsUrl);
            long started = System.nanoTime();
            long intervalNanos = 1_000_000_000L / rate;
            for (int i = 0; i < count; i++) {
                long due = started + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                StopEvent event = events.get(i);
                outbox.put(new SessionKey(event.accountId(), event.callId()), event);
            }
            awaitEmpty(outbox, 600);
            double busy = cpuSeconds(ingestMetricsUrl) - cpuStart;
            double busySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("  steady %d CDRs/s for %d s: ingest CPU %.2f s in %.1f s (%.1f%% of a core), idle %.2f s in %.1f s"
                            + " (%.1f%%); %.2f ms CPU per CDR, %.2f ms above idle%n", rate, seconds, busy, busySeconds,
                    100 * busy / busySeconds, idle, idleSeconds, 100 * idle / idleSeconds, 1000 * busy / count,
                    1000 * (busy - idle * busySeconds / idleSeconds) / count);
        }
    }

    private static double cpuSeconds(String metricsUrl) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(metricsUrl)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^process_cpu_seconds_total (\\S+)$")
                    .matcher(response.body());
            if (!m.find()) {
                throw new IllegalStateException("no process_cpu_seconds_total at " + metricsUrl);
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(Job job, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getStatus() != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job.getName() + " is " + job.getStatus() + ", not " + status);
            }
            Thread.sleep(50);
        }
    }

    /** The CDR file path alone (to profile it). */
    public static Result filesOnly(StackSettings stack, int count) throws InterruptedException {
        long base = System.currentTimeMillis() - 3_600_000;
        return files(stack, events(count, base), base);
    }

    /** CdrStore.write and the raw driver (the limit) on the same rows, {@value #IN_FLIGHT} in flight. */
    private static List<Result> driverPaths(StackSettings stack, List<StopEvent> events) throws InterruptedException {
        List<Result> results = new ArrayList<>();
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

    private static List<StopEvent> events(int count, long base) {
        return events(count, base, "ingest-bench", "ib-");
    }

    private static List<StopEvent> events(int count, long base, String tenant, String prefix) {
        List<StopEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long authorised = base + i;
            events.add(new StopEvent(tenant, prefix + (i % 1000), prefix + "call-" + i + "-" + base, "35929000001",
                    "44207" + (1_000_000 + i), authorised, authorised + 5_000, authorised + 125_000, 120, 120, "ingest-flat",
                    45_000, "EUR", "{\"callId\":\"ib-call-" + i + "\",\"durationSeconds\":120}"));
        }
        return events;
    }

    /** The calls as Asterisk lines in files, through the stack's file source (rated with DemoData's demo-flat). */
    private static Result files(StackSettings stack, List<StopEvent> events, long base) throws InterruptedException {
        DemoData.load("http://127.0.0.1:" + stack.httpPort(), stack.adminKey());
        return fileRun(stack, events, base, FILE_SOURCE, "CDR files (Asterisk) → ingest (Jet) → Cassandra");
    }

    private static Result fileRun(StackSettings stack, List<StopEvent> events, long base, String sourceId, String path)
            throws InterruptedException {
        Path source = stack.cdrFiles().resolve(sourceId);
        Path staging = stack.dir().resolve("ingest-bench-files");
        List<String> names = new ArrayList<>();
        try {
            Files.createDirectories(staging);
            Files.createDirectories(source.resolve("incoming"));
            int perFile = (events.size() + FILES - 1) / FILES;
            for (int f = 0; f * perFile < events.size(); f++) {
                List<String> lines = new ArrayList<>(perFile);
                for (StopEvent event : events.subList(f * perFile, Math.min(events.size(), (f + 1) * perFile))) {
                    lines.add(asteriskLine(event));
                }
                String name = "bench-" + sourceId + "-" + base + "-" + f + ".csv";
                Path file = staging.resolve(name);
                Files.write(file, lines);
                // Older than the settle time already, so the source takes it at its next poll.
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
                names.add(name);
            }
            long started = System.nanoTime();
            for (String name : names) {
                Files.move(staging.resolve(name), source.resolve("incoming").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!names.stream().allMatch(name -> Files.exists(source.resolve("done").resolve(name)))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("CDR files still not done after 600 s");
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long stored = countRows(stack, events, DemoData.TENANT);
            System.out.printf("  %s: %d lines in %d files in %.1f s, %d rows in Cassandra%n", path,
                    events.size(), names.size(), seconds, stored);
            if (stored != events.size()) {
                throw new IllegalStateException("expected " + events.size() + " file CDRs in Cassandra, found " + stored);
            }
            return new Result(path, events.size(), seconds, Machine.currentLoad());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Master.csv line for the call: the account code picks the account, the uniqueid is the call id. */
    static String asteriskLine(StopEvent e) {
        long duration = (e.stoppedAtMillis() - e.authorisedAtMillis()) / 1000;
        return "\"" + e.accountId() + "\",\"" + e.caller() + "\",\"900" + e.callee() + "\",\"from-internal\",\"\",\"PJSIP/1-1\","
                + "\"PJSIP/trunk-2\",\"Dial\",\"PJSIP/trunk\",\"" + local(e.authorisedAtMillis()) + "\",\""
                + local(e.answeredAtMillis()) + "\",\"" + local(e.stoppedAtMillis()) + "\"," + duration + "," + e.billedSecs()
                + ",\"ANSWERED\",\"DOCUMENTATION\",\"" + e.callId() + "\",\"\"";
    }

    private static String local(long millis) {
        return LOCAL_STAMP.format(Instant.ofEpochMilli(millis).atZone(PBX_ZONE));
    }

    private static long countRows(StackSettings stack, List<StopEvent> events, String tenant) {
        CassandraConnection connection = CassandraConnection.parse("127.0.0.1:" + stack.cqlPort() + ";datacenter1");
        Instant from = Instant.ofEpochMilli(events.get(0).authorisedAtMillis()).minusSeconds(1);
        Instant to = Instant.ofEpochMilli(events.get(events.size() - 1).authorisedAtMillis()).plusSeconds(1);
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.callId()));
        try (CqlSession session = connection.openSession()) {
            CdrStore store = CdrStore.open(session, "tollgrid", 1);
            return events.stream().map(StopEvent::accountId).distinct()
                    .flatMap(account -> store.find(tenant, account, from, to).toCompletableFuture().join().stream())
                    .filter(cdr -> ids.contains(cdr.callId())).count();
        }
    }

    /** The summed cost of the events' rows in Cassandra. */
    private static long rowCost(StackSettings stack, List<StopEvent> events, String tenant) {
        CassandraConnection connection = CassandraConnection.parse("127.0.0.1:" + stack.cqlPort() + ";datacenter1");
        Instant from = Instant.ofEpochMilli(events.get(0).authorisedAtMillis()).minusSeconds(1);
        Instant to = Instant.ofEpochMilli(events.get(events.size() - 1).authorisedAtMillis()).plusSeconds(1);
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.callId()));
        try (CqlSession session = connection.openSession()) {
            CdrStore store = CdrStore.open(session, "tollgrid", 1);
            return events.stream().map(StopEvent::accountId).distinct()
                    .flatMap(account -> store.find(tenant, account, from, to).toCompletableFuture().join().stream())
                    .filter(cdr -> ids.contains(cdr.callId())).mapToLong(cdr -> cdr.cost().micros()).sum();
        }
    }

    private static RatedCdr toCdr(StopEvent e) {
        return new RatedCdr(e.tenantId(), e.accountId(), e.callId(), e.caller(), e.callee(),
                Instant.ofEpochMilli(e.authorisedAtMillis()), Instant.ofEpochMilli(e.answeredAtMillis()),
                Instant.ofEpochMilli(e.stoppedAtMillis()), e.durationSecs(), e.billedSecs(), io.tollgrid.ingest.outbox.StopEvents.disposition(e), e.rateId(),
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
