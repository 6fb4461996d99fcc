package io.tollgrid.ops.stack;

import io.tollgrid.gateway.GatewayMain;
import io.tollgrid.grid.node.GridServerMain;
import io.tollgrid.ingest.IngestMain;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedCassandra;
import io.tollgrid.localcluster.ForkedJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts and stops the whole stack on this machine. Processes start in dependency order (Cassandra, grid,
 * gateway and ingest) and stop in reverse; each child also exits by itself if the launcher dies.
 */
public final class LocalStack implements AutoCloseable {
    /**
     * How grid and gateway are laid out. {@link #EMBEDDED} (the default) runs the gateway inside the grid
     * node's JVM, so a switch request reaches its account without a network hop or a compute job;
     * {@link #SEPARATE} runs the gateway as an Ignite client in a JVM of its own, as a gateway tier would.
     */
    public enum Shape {
        EMBEDDED, SEPARATE
    }

    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** The stack's one CDR file source: an Asterisk PBX in Sofia whose lines carry the demo accounts' codes. */
    public static final String FILE_SOURCE = "pbx";
    /** The Cassandra keyspace the stack's gateway and ingest write to (CDRs in its cdrs_by_account_day). */
    public static final String KEYSPACE = "tollgrid";
    /** The process name of the grid node that serves the gateway too ({@link Shape#EMBEDDED}). */
    public static final String GRID_WITH_GATEWAY = "grid+gateway";

    private final StackSettings settings;
    private final ForkedCassandra cassandra;
    private final List<ForkedJvm> processes;
    private final MetricsPorts metricsPorts;

    /** The Prometheus endpoints of the grid node and of ingest, picked free at each start. */
    private record MetricsPorts(int grid, int ingest) {
    }

    private LocalStack(StackSettings settings, ForkedCassandra cassandra, List<ForkedJvm> processes,
                       MetricsPorts metricsPorts) {
        this.settings = settings;
        this.cassandra = cassandra;
        this.processes = processes;
        this.metricsPorts = metricsPorts;
    }

    /** The shape named by the system property {@code tollgrid.stack.shape} (embedded or separate), embedded by default. */
    public static LocalStack start(StackSettings settings) {
        return start(settings, List.of());
    }

    /**
     * The shape named by {@code tollgrid.stack.shape}, with {@code extraConfig} ("key=value" lines, such as
     * {@code gateway.evapi.switches=...}) added to the configuration every process reads.
     */
    public static LocalStack start(StackSettings settings, List<String> extraConfig) {
        String shape = System.getProperty("tollgrid.stack.shape", Shape.EMBEDDED.name());
        return start(settings, Shape.valueOf(shape.trim().toUpperCase(java.util.Locale.ROOT)), extraConfig);
    }

    public static LocalStack start(StackSettings settings, Shape shape) {
        return start(settings, shape, List.of());
    }

    public static LocalStack start(StackSettings settings, Shape shape, List<String> extraConfig) {
        ForkedCassandra cassandra = ForkedCassandra.start(settings.dir().resolve("cassandra"), settings.cqlPort(), "1G", false);
        List<ForkedJvm> processes = new ArrayList<>();
        // Picked free at each start, so two stacks on one machine (tests, benchmarks) never collide.
        int gridMetrics = FreePorts.nextOutsideEphemeral();
        int ingestMetrics = FreePorts.nextOutsideEphemeral();
        while (ingestMetrics == gridMetrics) {
            ingestMetrics = FreePorts.nextOutsideEphemeral();
        }
        MetricsPorts metricsPorts = new MetricsPorts(gridMetrics, ingestMetrics);
        LocalStack stack = new LocalStack(settings, cassandra, processes, metricsPorts);
        try {
            Path config = writeConfig(settings, metricsPorts, extraConfig);
            String classpath = System.getProperty("java.class.path");
            if (shape == Shape.EMBEDDED) {
                processes.add(awaitReady(fork(GRID_WITH_GATEWAY, GatewayMain.class, config, classpath, "1g",
                        "-Dtollgrid.gateway.embedded=true")));
            } else {
                processes.add(awaitReady(fork("grid", GridServerMain.class, config, classpath, "768m")));
                processes.add(fork("gateway", GatewayMain.class, config, classpath, "512m"));
            }
            processes.add(fork("ingest", IngestMain.class, config, classpath, "512m"));
            processes.forEach(LocalStack::awaitReady);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private ForkedJvm process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + settings.httpPort();
    }

    /** The ingest process's Prometheus endpoint (the gateway's is {@code gatewayUrl() + "/metrics"}). */
    public String ingestMetricsUrl() {
        return "http://127.0.0.1:" + metricsPorts.ingest() + "/metrics";
    }

    /** The grid node's Prometheus endpoint. */
    public String gridMetricsUrl() {
        return "http://127.0.0.1:" + metricsPorts.grid() + "/metrics";
    }

    /** Name → pid of each process of the stack, in start order (Cassandra first); only those this stack runs. */
    public java.util.Map<String, Long> processPids() {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        pids.put("cassandra", cassandra.jvm().pid());
        processes.forEach(p -> pids.put(p.name(), p.pid()));
        return pids;
    }

    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(cassandra.jvm().pid());
        processes.forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static ForkedJvm fork(String name, Class<?> main, Path config, String classpath, String heap,
                                  String... properties) {
        List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
        options.addAll(List.of(properties));
        // The whole heap from the start, as the systemd units do. The JVMs that answer switches collect with ZGC:
        // G1's young pauses (25-90 ms on this 2-core box, every 3-15 s at 250 flows/s) alone spoiled the authorise
        // p99 (docs/performance.md). The GC log stays with the other logs.
        options.add("-Xms" + heap);
        options.add("-Xmx" + heap);
        options.add(main == IngestMain.class ? "-XX:+UseG1GC" : "-XX:+UseZGC");
        options.add("-Xlog:gc:file=" + config.getParent().resolve("logs").resolve(name + "-gc.log")
                + ":uptime,level:filecount=2,filesize=10m");
        options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        options.add("-Dorg.slf4j.simpleLogger.log.io.tollgrid=info");
        options.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        return ForkedJvm.start(name, options, classpath, main.getName(), List.of(config.toString()),
                config.getParent().resolve("logs").resolve(name + ".log"));
    }

    private static ForkedJvm awaitReady(ForkedJvm process) {
        return process.awaitLogged("READY", READY_TIMEOUT);
    }

    private static Path writeConfig(StackSettings settings, MetricsPorts metricsPorts, List<String> extraConfig) {
        for (String line : extraConfig) {
            if (!line.matches("[a-z][a-z0-9.]*=[^\\n]*")) {
                throw new IllegalArgumentException("not a key=value configuration line: " + line);
            }
        }
        Path file = settings.dir().resolve("stack.properties");
        String text = String.join("\n",
                "# Written by ./tollgrid up; every process of the local stack reads it.",
                "grid.discovery.port=" + settings.discoveryPort(),
                "grid.discovery.ports=10",
                "grid.communication.port=" + settings.communicationPort(),
                "grid.work.dir=" + settings.dir().resolve("grid").toAbsolutePath(),
                "grid.data.region.mb=256",
                "grid.backups=1",
                "grid.metrics.host=127.0.0.1",
                "grid.metrics.port=" + metricsPorts.grid(),
                "gateway.http.port=" + settings.httpPort(),
                "gateway.admin.key=" + settings.adminKey(),
                "gateway.switch.ips=127.0.0.1,::1",
                "# The console's NOC page reads these besides the gateway's own metrics.",
                "gateway.noc.grid.metrics=http://127.0.0.1:" + metricsPorts.grid() + "/metrics",
                "gateway.noc.ingest.metrics=http://127.0.0.1:" + metricsPorts.ingest() + "/metrics",
                "cassandra.contact.points=127.0.0.1:" + settings.cqlPort() + ";datacenter1",
                "cassandra.keyspace=" + KEYSPACE,
                "ingest.hazelcast.port=" + settings.hazelcastPort(),
                "ingest.metrics.host=127.0.0.1",
                "ingest.metrics.port=" + metricsPorts.ingest(),
                "# Asterisk Master.csv files dropped into cdr-files/" + FILE_SOURCE + "/incoming are rated with demo-flat.",
                "ingest.files.dir=" + settings.cdrFiles(),
                "ingest.files.sources=" + FILE_SOURCE,
                "ingest.files.settle.ms=1000",
                "ingest.files." + FILE_SOURCE + ".format=asterisk-csv",
                "ingest.files." + FILE_SOURCE + ".zone=Europe/Sofia",
                "ingest.files." + FILE_SOURCE + ".tenant=" + DemoData.TENANT,
                "ingest.files." + FILE_SOURCE + ".account.from=record",
                "ingest.files." + FILE_SOURCE + ".account=" + DemoData.FUNDED_ACCOUNT,
                "ingest.files." + FILE_SOURCE + ".plan=demo-flat",
                "ingest.files." + FILE_SOURCE + ".currency=EUR",
                "ingest.files." + FILE_SOURCE + ".dial.strip=9",
                "ingest.files." + FILE_SOURCE + ".dial.international=00",
                "ingest.files." + FILE_SOURCE + ".dial.national=0",
                "ingest.files." + FILE_SOURCE + ".dial.country=359",
                "") + (extraConfig.isEmpty() ? "" : String.join("\n", extraConfig) + "\n");
        try {
            Files.createDirectories(settings.dir().resolve("logs"));
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops gateway and ingest, then the grid node, then Cassandra; the data stays in the stack directory. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(30));
        }
        cassandra.close();
    }
}
