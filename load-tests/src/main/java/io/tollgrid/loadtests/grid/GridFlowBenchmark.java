package io.tollgrid.loadtests.grid;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridServerMain;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.loadtests.cli.Args;
import io.tollgrid.loadtests.report.Latency;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.ignite.Ignite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Authorise → stop flows per second against the grid API directly (no HTTP). N server JVMs on this machine
 * (GridServerMain, persistence on, backups=1), this JVM as the client node. A fixed number of flows is in
 * flight at once (closed loop). Steps waiting for the same node travel in one batch job (see the grid's
 * OwnerLanes); the mean batch size is printed with the result.
 *
 * <p>Most flows go to one of many accounts; a share goes to a few hot accounts, as wholesale trunks do,
 * where the pessimistic account lock serialises them.
 */
public final class GridFlowBenchmark {
    private static final String TENANT = "bench";
    private static final String PLAN = "bench-plan";
    /** Huge balances: the benchmark measures the path, not denials (the HTTP load generator has those). */
    private static final long BALANCE_MICROS = 1_000_000L * 1_000_000L;

    private final ChargingClient charging;
    private final int servers;
    private final int accounts;
    private final int hotAccounts;
    private final double hotShare;
    private final boolean answer;
    private final ExecutorService chain;

    private GridFlowBenchmark(ChargingClient charging, int servers, int accounts, int hotAccounts, double hotShare, boolean answer,
                              ExecutorService chain) {
        this.charging = charging;
        this.servers = servers;
        this.accounts = accounts;
        this.hotAccounts = hotAccounts;
        this.hotShare = hotShare;
        this.answer = answer;
        this.chain = chain;
    }

    /** The numbers of one measured run. */
    record Result(int servers, int concurrency, long flows, long failures, double seconds, Latency authorise,
                  Latency stop, Latency flow) {
        double flowsPerSecond() {
            return flows / seconds;
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        int servers = args.integer("servers", 1);
        int seconds = args.integer("seconds", 30);
        int warmup = args.integer("warmup", 15);
        int concurrency = args.integer("concurrency", 64);
        int accounts = args.integer("accounts", 10_000);
        int hot = args.integer("hot", 4);
        double hotShare = args.decimal("hot-share", 0.1);
        boolean answer = args.flag("answer");
        boolean jfr = args.flag("jfr");
        String heap = args.text("server-heap", "512m");
        Path dir = Path.of(args.text("dir", "load-tests/target/gridbench")).toAbsolutePath()
                .resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(dir);

        System.out.println("machine: " + Machine.now());
        GridSettings settings = new GridSettings("bench-client", FreePorts.nextRange(10), 10, FreePorts.nextRange(50),
                dir, true, 128L * 1024 * 1024, 1, servers);
        List<ForkedJvm> nodes = new ArrayList<>();
        ExecutorService chain = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-chain");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < servers; i++) {
                nodes.add(startServer(settings, "bench-server-" + i, heap, jfr));
            }
            for (ForkedJvm node : nodes) {
                node.awaitLogged("READY", Duration.ofSeconds(180));
            }
            try (Ignite client = GridNodes.startClient(settings)) {
                provision(new GridAdmin(client), accounts, hot);
                ChargingClient charging = new ChargingClient(client);
                GridFlowBenchmark bench = new GridFlowBenchmark(charging, servers, accounts, hot, hotShare, answer, chain);
                System.out.printf("grid: %d server JVM(s) (-Xmx%s, G1), persistence on (WAL LOG_ONLY), backups=1; "
                                + "%d accounts + %d hot ones taking %.0f%% of flows; %d flows in flight; flow = authorise%s → stop%n",
                        servers, heap, accounts, hot, hotShare * 100, concurrency, answer ? " → answer" : "");
                bench.run("warm-up", concurrency, warmup);
                ChargingClient.LaneStats before = charging.laneStats();
                Result result = bench.run("measure", concurrency, seconds);
                ChargingClient.LaneStats after = charging.laneStats();
                long operations = after.operations() - before.operations();
                long batches = after.batches() - before.batches();
                System.out.printf("batching: %d operations in %d batch jobs, %.1f per job%n", operations, batches,
                        batches == 0 ? 0.0 : (double) operations / batches);
                report(result, dir.getParent().resolve("grid-bench.csv"));
            }
        } finally {
            nodes.forEach(ForkedJvm::close);
            chain.shutdownNow();
        }
        if (jfr) {
            System.out.println("JFR recordings: " + dir + "/*.jfr (jfr print --events jdk.ExecutionSample FILE)");
        }
        System.out.println("machine after: load average " + Machine.currentLoad());
    }

    private static ForkedJvm startServer(GridSettings settings, String name, String heap, boolean jfr) throws IOException {
        Path config = settings.workDir().resolve(name + ".properties");
        Files.writeString(config, String.join("\n",
                "grid.instance.name=" + name,
                "grid.discovery.port=" + settings.discoveryPort(),
                "grid.discovery.ports=" + settings.discoveryPorts(),
                "grid.communication.port=" + settings.communicationPort(),
                "grid.work.dir=" + settings.workDir().resolve(name),
                "grid.data.region.mb=128",
                "# Several nodes share this host; the endpoint itself is tested by LocalStackTest.",
                "grid.metrics.port=0",
                "grid.backups=1",
                "grid.expected.servers=" + settings.expectedServers(),
                ""));
        List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
        options.add("-Xmx" + heap);
        options.add("-XX:+UseG1GC");
        options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        options.add("-Dorg.slf4j.simpleLogger.log.io.tollgrid=info");
        if (jfr) {
            options.add("-XX:StartFlightRecording=filename=" + settings.workDir().resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        return ForkedJvm.start(name, options, System.getProperty("java.class.path"), GridServerMain.class.getName(),
                List.of(config.toString()), settings.workDir().resolve(name + ".log"));
    }

    private static void provision(GridAdmin admin, int accounts, int hot) throws InterruptedException {
        long started = System.nanoTime();
        admin.putTenant(TENANT, "Bench", "bench-key-0123456789abcdef");
        admin.putRatePlan(PLAN, new FlatRate(Money.parse("0.020"), Money.parse("0.005"), 30, 6));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> created = IntStream.range(0, accounts + hot)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> admin.openAccount(Account.open(TENANT, accountId(i, accounts),
                            "EUR", PLAN, PayType.PREPAID, ReservationStrategy.FULL, AccountLimits.NONE, BALANCE_MICROS, 0, 0)),
                            pool))
                    .toList();
            CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        System.out.printf("provisioned %d accounts in %.1f s%n", accounts + hot, (System.nanoTime() - started) / 1e9);
    }

    private static String accountId(int index, int accounts) {
        return index < accounts ? "acct-" + index : "hot-" + (index - accounts);
    }

    private Result run(String phase, int concurrency, int seconds) throws InterruptedException {
        Recorder authorise = new Recorder(3);
        Recorder stop = new Recorder(3);
        Recorder flow = new Recorder(3);
        Histogram authoriseAll = new Histogram(3);
        Histogram stopAll = new Histogram(3);
        Histogram flowAll = new Histogram(3);
        AtomicLong flows = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Semaphore slots = new Semaphore(concurrency);
        SplittableRandom random = new SplittableRandom(phase.hashCode());
        String callPrefix = phase.charAt(0) + Long.toString(System.currentTimeMillis(), 36) + "-";
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        long nextProgress = started + TimeUnit.SECONDS.toNanos(5);
        long lastFlows = 0;
        long sequence = 0;
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int pick = random.nextDouble() < hotShare && hotAccounts > 0
                    ? accounts + random.nextInt(hotAccounts) : random.nextInt(accounts);
            String account = accountId(pick, accounts);
            String callId = callPrefix + sequence++;
            long duration = 1 + random.nextInt(600);
            flow(account, callId, duration, authorise, stop, flow).whenComplete((ok, error) -> {
                if (error == null && ok) {
                    flows.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                }
                slots.release();
            });
            long now = System.nanoTime();
            if (now > nextProgress) {
                long done = flows.get();
                Histogram interval = authorise.getIntervalHistogram();
                authoriseAll.add(interval);
                stopAll.add(stop.getIntervalHistogram());
                System.out.printf("  %-7s %3d s: %7.0f flows/s, authorise %s%n", phase,
                        TimeUnit.NANOSECONDS.toSeconds(now - started), (done - lastFlows) / 5.0, Latency.of(interval));
                lastFlows = done;
                nextProgress += TimeUnit.SECONDS.toNanos(5);
            }
        }
        if (!slots.tryAcquire(concurrency, 30, TimeUnit.SECONDS)) {
            System.out.println("  (some flows still open after 30 s)");
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        authoriseAll.add(authorise.getIntervalHistogram());
        stopAll.add(stop.getIntervalHistogram());
        flowAll.add(flow.getIntervalHistogram());
        Result result = new Result(servers, concurrency, flows.get(), failures.get(), elapsed, Latency.of(authoriseAll),
                Latency.of(stopAll), Latency.of(flowAll));
        System.out.printf("  %-7s done: %d flows in %.1f s = %.0f flows/s, %d failed%n", phase, result.flows(), elapsed,
                result.flowsPerSecond(), result.failures());
        return result;
    }

    /** One call: authorise, optionally answer, then stop. Completes false when a step does not answer OK. */
    private CompletableFuture<Boolean> flow(String account, String callId, long durationSecs, Recorder authorise,
                                            Recorder stop, Recorder flow) {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        CompletableFuture<ChargingResult> authorised = charging.authorise(account, callId, "35929000001", "442071234567",
                Direction.OUTBOUND, null, now);
        return authorised.thenComposeAsync(result -> {
            long t1 = System.nanoTime();
            authorise.recordValue((t1 - t0) / 1000);
            if (result.outcome() != Outcome.OK) {
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<ChargingResult> answered = answer
                    ? charging.answer(account, callId, now) : CompletableFuture.completedFuture(result);
            return answered.thenComposeAsync(ignored -> {
                long t2 = System.nanoTime();
                return charging.stop(account, callId, durationSecs, now + durationSecs * 1000, "").thenApply(stopped -> {
                    long t3 = System.nanoTime();
                    stop.recordValue((t3 - t2) / 1000);
                    flow.recordValue((t3 - t0) / 1000);
                    return stopped.outcome() == Outcome.OK;
                });
            }, chain);
        }, chain);
    }

    private static void report(Result result, Path csv) throws IOException {
        System.out.println();
        System.out.printf("RESULT grid servers=%d concurrency=%d: %.0f flows/s (%d flows, %d failed, %.1f s)%n",
                result.servers(), result.concurrency(), result.flowsPerSecond(), result.flows(), result.failures(),
                result.seconds());
        System.out.println("  authorise " + result.authorise());
        System.out.println("  stop      " + result.stop());
        System.out.println("  flow      " + result.flow());
        boolean fresh = !Files.exists(csv);
        String header = "time,servers,concurrency,flows_per_s,flows,failed,auth_p50_ms,auth_p99_ms,auth_p999_ms,"
                + "stop_p50_ms,stop_p99_ms,stop_p999_ms,flow_p50_ms,flow_p99_ms,flow_p999_ms,cores,load_avg\n";
        String row = String.format(java.util.Locale.ROOT, "%s,%d,%d,%.0f,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%s%n",
                Instant.now(), result.servers(), result.concurrency(), result.flowsPerSecond(), result.flows(),
                result.failures(), result.authorise().p50(), result.authorise().p99(), result.authorise().p999(),
                result.stop().p50(), result.stop().p99(), result.stop().p999(), result.flow().p50(), result.flow().p99(),
                result.flow().p999(), Runtime.getRuntime().availableProcessors(), Machine.currentLoad().replace(' ', '/'));
        Files.writeString(csv, (fresh ? header : "") + row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("  appended to " + csv);
    }
}
