package io.tollgrid.ops.hosts;

import io.tollgrid.gateway.GatewayMain;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.ops.sip.SwitchTools;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three test hosts (network namespaces), each running a grid node with its gateway embedded, as the three-host
 * inventory in ops/deploy runs them (native persistence, a baseline of three), and Cassandra on host 1; a "switch"
 * on every host sends call flows (authorise, then a 30 s stop) to its own host's gateway while told to. Each node
 * has a supervisor that starts it again when it ends, as systemd's {@code Restart=} would. Faults are injected
 * with {@link #partition}, {@link #heal} and {@link #kill}; {@link #audit} checks the ledger.
 *
 * <p>Three faults need the cluster built for them ({@link Options}): latency and loss between grid nodes
 * ({@link #lagGrid}) need every grid connection to run through a {@link LaggyProxy}, clock skew
 * ({@link #skewClock}) needs the skewed host's node started under libfaketime, and a gateway cut off on its own needs
 * a fourth host whose gateway is not embedded in a grid node.
 */
final class HostCluster implements AutoCloseable {
    static final String ADMIN_KEY = "partition-admin-key-0123456789";
    private static final String TENANT_KEY = "t1-key-0123456789abcdef";
    private static final int HTTP_PORT = 8080;
    private static final int CQL_PORT = 9042;
    private static final int ACCOUNTS = 12;
    private static final long OPENING_MICROS = 100_000_000;
    /** Each flow is a 30 s call at 0.06 a minute, billed per started minute. */
    private static final long FLOW_COST_MICROS = 60_000;

    /** The host of the gateway that is not embedded in a grid node ({@link Options#clientGateway}). */
    static final int GATEWAY_HOST = 4;
    private static final int GRID_HOSTS = 3;

    /** The grid's ports a peer connects to: communication (a JVM per host, a restart may take the next) and discovery. */
    private static final List<Integer> GRID_PORTS = List.of(47100, 47101, 47102, 47500, 47501, 47502);
    /** Where Debian's faketime package puts the thread-safe libfaketime. */
    private static final List<String> LIBFAKETIME = List.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/faketime/libfaketimeMT.so.1");

    /**
     * How to build the cluster for the faults that need it.
     *
     * @param laggyGrid  every connection between grid nodes runs through a {@link LaggyProxy} (no lag until
     *                   {@link #lagGrid}), redirected there by an nftables rule in each host
     * @param skewedHost the host (1..3) whose node runs under libfaketime, so that {@link #skewClock} can move its wall
     *                   clock; 0 for none
     * @param clientGateway a fourth host, {@link #GATEWAY_HOST}, runs a gateway of its own (an Ignite client, not
     *                   embedded in a grid node) with its own switch, so that the gateway alone can be cut off
     */
    record Options(boolean laggyGrid, int skewedHost, boolean clientGateway) {
        static final Options NONE = new Options(false, 0, false);

        Options {
            if (skewedHost < 0 || skewedHost > 3) {
                throw new IllegalArgumentException("skewedHost is 1..3 or 0, not " + skewedHost);
            }
        }
    }

    /**
     * One call flow a host's switch sent, and what its gateway answered.
     *
     * @param authoriseMicros how long the authorise took, as curl measured it (0 when nothing answered)
     */
    record Flow(int host, String account, String callId, long sentAtNanos, boolean allowed, boolean stopAcked,
                long authoriseMicros) {
    }

    /** What {@link #audit} found. */
    record Audit(int flows, long acknowledgedStops, int settledAfterwards, List<String> lostAcknowledgedStops) {
    }

    private final TestHosts hosts;
    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Flow> flows = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final List<Thread> switches = new ArrayList<>();
    private final AtomicInteger callIds = new AtomicInteger();
    /** What the audits so far found charged per account, and how many flows they covered. */
    private final Map<String, Long> charged = new HashMap<>();
    private int audited;
    /** When the fault under way began (System.nanoTime); lost stops are reported relative to it. */
    private volatile long markNanos = System.nanoTime();

    private final int quorumLostExitSeconds;
    private final Options options;
    /** Between the grid nodes when {@link Options#laggyGrid}; else null. */
    private LaggyProxy proxy;
    /** libfaketime's offset file for {@link Options#skewedHost}; else null. */
    private Path clockFile;

    private HostCluster(TestHosts hosts, Path dir, int quorumLostExitSeconds, Options options) {
        this.hosts = hosts;
        this.dir = dir;
        this.quorumLostExitSeconds = quorumLostExitSeconds;
        this.options = options;
    }

    /**
     * Starts Cassandra, then the three nodes; returns once every gateway is ready and the accounts exist.
     *
     * @param quorumLostExitSeconds the nodes' {@code grid.quorum.lost.exit.seconds}
     */
    static HostCluster start(List<String> observed, int quorumLostExitSeconds) throws IOException {
        return start(observed, quorumLostExitSeconds, Options.NONE);
    }

    /** As {@link #start(List, int)}, built for the faults {@code options} names. */
    static HostCluster start(List<String> observed, int quorumLostExitSeconds, Options options) throws IOException {
        TestHosts hosts = TestHosts.create(options.clientGateway() ? GATEWAY_HOST : GRID_HOSTS);
        HostCluster cluster = null;
        try {
            Path dir = Path.of("target", "hosts", hosts.prefix()).toAbsolutePath();
            Files.createDirectories(dir);
            cluster = new HostCluster(hosts, dir, quorumLostExitSeconds, options);
            long launched = System.nanoTime();
            if (options.laggyGrid()) {
                cluster.routeGridThroughProxy();
            }
            List<String> environment = List.of();
            if (options.skewedHost() > 0) {
                environment = cluster.fakeClock();
            }
            hosts.startCassandra(hosts.host(1), dir.resolve("cassandra"), CQL_PORT);
            for (TestHosts.Host host : cluster.gridHosts()) {
                boolean skewed = host.index() == options.skewedHost();
                cluster.nodes.add(new Node(hosts, host, cluster.writeConfig(host, true), dir,
                        skewed ? environment : List.of()));
            }
            cluster.nodes.forEach(Node::start);
            for (Node node : cluster.nodes) {
                node.jvm.awaitLogged("READY", Duration.ofSeconds(180));
            }
            observed.add(String.format("3 grid nodes with their gateways ready %.1f s after launch", seconds(launched)));
            if (options.clientGateway()) {
                TestHosts.Host host = hosts.host(GATEWAY_HOST);
                Node gateway = new Node(hosts, host, cluster.writeConfig(host, false), dir, List.of());
                cluster.nodes.add(gateway);
                gateway.start();
                gateway.jvm.awaitLogged("READY", Duration.ofSeconds(180));
                observed.add(String.format("the gateway of host %d (a client of the grid) ready %.1f s after launch",
                        GATEWAY_HOST, seconds(launched)));
            }
            cluster.setUpAccounts();
            cluster.nodes.forEach(node -> node.supervised.set(true));
            if (options.skewedHost() > 0) {
                cluster.requireFakeClockLoaded(options.skewedHost());
            }
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                hosts.close();
            }
            throw e;
        }
    }

    /**
     * Puts a {@link LaggyProxy} between the grid nodes: the bridge gets an address per host ({@code .101} for host 1,
     * and so on) where the proxy listens on the grid's ports and forwards to that host, and each host's nftables
     * rewrites its connections to a peer's grid ports to that peer's proxy address (a DNAT in the output hook). The
     * nodes keep advertising their own addresses; only the path changes. Gateway HTTP and Cassandra go direct.
     */
    private void routeGridThroughProxy() {
        String nft = SwitchTools.find("nft").map(Path::toString).orElseThrow(() -> new IllegalStateException(
                "latency between grid nodes needs nft (Debian package nftables); install it with "
                        + SwitchTools.SETUP + ", which .ci/run runs before the build"));
        List<LaggyProxy.Route> routes = new ArrayList<>();
        Map<Integer, String> via = new HashMap<>();
        for (TestHosts.Host host : gridHosts()) {
            String address = hosts.addBridgeAddress(100 + host.index());
            via.put(host.index(), address);
            for (int port : GRID_PORTS) {
                routes.add(new LaggyProxy.Route(address, port, host.address(), port));
            }
        }
        proxy = LaggyProxy.start(routes);
        String ports = "47100-47102, 47500-47502";
        for (TestHosts.Host host : hosts.hosts()) {
            mustExec(host, nft, "add", "table", "ip", "tollgrid_lag");
            mustExec(host, nft, "add", "chain", "ip", "tollgrid_lag", "out",
                    "{ type nat hook output priority -100 ; }");
            for (TestHosts.Host peer : gridHosts()) {
                if (peer.index() != host.index()) {
                    mustExec(host, nft, "add", "rule", "ip", "tollgrid_lag", "out", "ip", "daddr", peer.address(),
                            "tcp", "dport", "{ " + ports + " }", "dnat", "to", via.get(peer.index()));
                }
            }
        }
    }

    private void mustExec(TestHosts.Host host, String... command) {
        TestHosts.Result result = hosts.exec(host, command);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " in host " + host.index() + " failed ("
                    + result.exit() + "): " + result.output());
        }
    }

    /** Sets the lag between grid nodes (both ways on every connection); {@link LaggyProxy.Lag#NONE} ends it. */
    void lagGrid(LaggyProxy.Lag lag) {
        if (proxy == null) {
            throw new IllegalStateException("the cluster was started without a proxy between its grid nodes");
        }
        proxy.lag(lag);
    }

    LaggyProxy.Stats gridProxyStats() {
        return proxy == null ? new LaggyProxy.Stats(0, 0, 0, 0, 0) : proxy.stats();
    }

    /**
     * The environment that starts a JVM under libfaketime with its wall clock offset by what {@link #clockFile}
     * says (read at most once a second), and its monotonic clock (System.nanoTime, timeouts) left alone.
     */
    private List<String> fakeClock() throws IOException {
        String library = LIBFAKETIME.stream().filter(path -> Files.isRegularFile(Path.of(path))).findFirst()
                .orElseThrow(() -> new IllegalStateException("clock skew needs libfaketime (Debian package faketime, "
                        + "looked in " + LIBFAKETIME + "); install it with " + SwitchTools.SETUP
                        + ", which .ci/run runs before the build"));
        clockFile = dir.resolve("clock-offset");
        Files.writeString(clockFile, "+0\n");
        // FAKETIME_FORCE_MONOTONIC_FIX=0: with the fix libfaketime turns on for this glibc, a JVM under it spent ~2
        // cores on its own (5 million System.currentTimeMillis calls took 78 s instead of 2.7 s; 2026-12-03).
        return List.of("LD_PRELOAD=" + library, "FAKETIME_TIMESTAMP_FILE=" + clockFile, "FAKETIME_CACHE_DURATION=1",
                "FAKETIME_DONT_FAKE_MONOTONIC=1", "FAKETIME_FORCE_MONOTONIC_FIX=0");
    }

    /** Fails unless the skewed host's node has libfaketime mapped (so a {@link #skewClock} reaches it). */
    private void requireFakeClockLoaded(int host) throws IOException {
        String maps = Files.readString(Path.of("/proc", Long.toString(nodes.get(host - 1).jvm.pid()), "maps"));
        assertTrue(maps.contains("libfaketime"), "host " + host + "'s node runs with libfaketime loaded");
    }

    /**
     * Moves the wall clock of {@link Options#skewedHost}'s node (its grid node and its embedded gateway) to
     * {@code seconds} from the true time, at once, as a clock stepped by hand or by a bad time server would; 0
     * puts it back. Takes effect within about a second. Its monotonic clock does not move.
     */
    void skewClock(int host, int seconds) {
        if (clockFile == null || host != options.skewedHost()) {
            throw new IllegalStateException("host " + host + "'s node was not started under libfaketime");
        }
        try {
            Files.writeString(clockFile, (seconds < 0 ? "" : "+") + seconds + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + clockFile, e);
        }
    }

    TestHosts.Host host(int index) {
        return hosts.host(index);
    }

    /** How many hosts run a gateway with a switch: 3, or 4 with {@link Options#clientGateway}. */
    int hostCount() {
        return hosts.hosts().size();
    }

    private List<TestHosts.Host> gridHosts() {
        return hosts.hosts().subList(0, GRID_HOSTS);
    }

    List<Flow> flows() {
        return List.copyOf(flows);
    }

    /** How often the node on this host has ended (and been started again by its supervisor). */
    int exits(int host) {
        return nodes.get(host - 1).exits.get();
    }

    /** Marks the start of a fault: the audit reports when each lost stop was sent relative to it. */
    void mark(long nanos) {
        markNanos = nanos;
    }

    void partition(int host) {
        hosts.partition(hosts.host(host));
    }

    void heal(int host) {
        hosts.heal(hosts.host(host));
    }

    /** Kills the node on this host with -9; its supervisor starts it again. */
    void kill(int host) {
        nodes.get(host - 1).jvm.kill();
    }

    /** Every host's switch starts sending flows to its own gateway, one at a time. */
    void startSwitches() {
        sending.set(true);
        for (TestHosts.Host host : hosts.hosts()) {
            Thread sender = new Thread(() -> sendFlows(host), "switch-" + host.index());
            sender.start();
            switches.add(sender);
        }
    }

    void stopSwitches() throws InterruptedException {
        sending.set(false);
        for (Thread sender : switches) {
            sender.join(30_000);
        }
        switches.clear();
    }

    /**
     * How far the wall clock of the host's gateway is from this JVM's, in seconds: the {@code at} its
     * {@code GET /admin/noc} answers with, against the middle of the request as seen here.
     */
    double clockOffsetSeconds(int host) {
        long before = System.currentTimeMillis();
        Reply noc = get(hosts.host(host), "/admin/noc", ADMIN_KEY);
        long after = System.currentTimeMillis();
        assertEquals(200, noc.status(), "GET /admin/noc on host " + host + ": " + noc);
        long at = java.time.Instant.parse(noc.json().getString("at")).toEpochMilli();
        return (at - (before + after) / 2) / 1000.0;
    }

    /**
     * The {@code quantile} (0..1, e.g. 0.99) of the authorise time of the flows sent in [from, to) that got an answer,
     * in milliseconds, as curl measured it; -1 when there were none.
     */
    double authoriseMillis(double quantile, long fromNanos, long toNanos) {
        long[] micros = flows.stream().filter(f -> f.authoriseMicros() > 0
                        && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0)
                .mapToLong(Flow::authoriseMicros).sorted().toArray();
        if (micros.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(quantile * micros.length) - 1; // nearest rank
        return micros[Math.max(0, Math.min(micros.length - 1, rank))] / 1000.0;
    }

    /** Waits until the host's gateway says it may charge; returns when (System.nanoTime), or 0 if it never did. */
    long awaitReady(int host, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(hosts.host(host), "/health/ready", null).status() == 200) {
                return System.nanoTime();
            }
            Thread.sleep(500);
        }
        return 0;
    }

    long allowedBetween(int host, long fromNanos, long toNanos) {
        return flows.stream().filter(f -> f.host() == host && f.allowed()
                && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0).count();
    }

    long refusedBetween(int host, long fromNanos, long toNanos) {
        return flows.stream().filter(f -> f.host() == host && !f.allowed()
                && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0).count();
    }

    Optional<Long> lastAllowed(int host, long fromNanos, long toNanos) {
        return flows.stream().filter(f -> f.host() == host && f.allowed()
                        && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0)
                .map(Flow::sentAtNanos).max(Long::compare);
    }

    /** The longest stretch in [from, to) with no allowed flow on any of the given hosts. */
    long longestGap(List<Integer> onHosts, long fromNanos, long toNanos) {
        List<Long> times = flows.stream().filter(f -> onHosts.contains(f.host()) && f.allowed()
                        && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0)
                .map(Flow::sentAtNanos).sorted().toList();
        long previous = fromNanos;
        long longest = 0;
        for (long at : times) {
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return Math.max(longest, toNanos - previous);
    }

    /**
     * The stop of every flow sent since the last audit is sent again to {@code through}, which settles the ones whose
     * outcome the switch never learnt (stops are idempotent). An acknowledged stop must come back as a replay of the
     * same charge. Then each balance must be its opening amount minus one flow's cost per stop charged in all audits
     * so far (so a charge lost since an earlier audit shows too), with nothing reserved; the test fails here if not.
     * Call it with the switches stopped.
     */
    Audit audit(int through) {
        TestHosts.Host host = hosts.host(through);
        List<String> lost = new ArrayList<>();
        int settled = 0;
        List<Flow> all = flows();
        List<Flow> fresh = all.subList(audited, all.size());
        for (Flow flow : fresh) {
            Reply again = post(host, "/v1/calls/stop", "{\"callId\":\"" + flow.callId() + "\",\"account\":\""
                    + flow.account() + "\",\"durationSeconds\":30}", null);
            assertTrue(again.status() == 200 || again.status() == 404, "stop of " + flow + " sent again: " + again);
            boolean chargedNow = again.status() == 200;
            if (chargedNow) {
                assertEquals("0.060000", again.json().getString("cost"), "the cost of " + flow);
                charged.merge(flow.account(), FLOW_COST_MICROS, Long::sum);
                if (!flow.stopAcked() && !again.json().getBoolean("replay")) {
                    settled++;
                }
            }
            if (flow.stopAcked() && (!chargedNow || !again.json().getBoolean("replay"))) {
                lost.add(String.format("%s of %s (host %d, sent %+.1f s from the fault): %s", flow.callId(), flow.account(),
                        flow.host(), (flow.sentAtNanos() - markNanos) / 1e9, again));
            }
        }
        audited = all.size();
        assertEquals(List.of(), lost, "every acknowledged stop is in the ledger once");
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = "p" + i;
            Reply balance = get(host, "/v1/accounts/" + account + "/balance", TENANT_KEY);
            assertEquals(200, balance.status(), "balance of " + account + ": " + balance);
            long expected = OPENING_MICROS - charged.getOrDefault(account, 0L);
            assertEquals(java.math.BigDecimal.valueOf(expected, 6).toPlainString(), balance.json().getString("balance"),
                    "balance of " + account);
            assertEquals("0.000000", balance.json().getString("reserved"), "reserved on " + account);
        }
        return new Audit(fresh.size(), fresh.stream().filter(Flow::stopAcked).count(), settled, lost);
    }

    @Override
    public void close() {
        sending.set(false);
        nodes.forEach(node -> node.supervised.set(false));
        try {
            hosts.close();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** A grid node with its gateway on one host, and the supervisor that starts it again when it ends. */
    private static final class Node {
        private final TestHosts hosts;
        private final TestHosts.Host host;
        private final Path config;
        private final Path dir;
        private final List<String> environment;
        private final AtomicBoolean supervised = new AtomicBoolean();
        private final AtomicInteger exits = new AtomicInteger();
        private volatile ForkedJvm jvm;

        Node(TestHosts hosts, TestHosts.Host host, Path config, Path dir, List<String> environment) {
            this.hosts = hosts;
            this.host = host;
            this.config = config;
            this.dir = dir;
            this.environment = List.copyOf(environment);
        }

        void start() {
            // Log lines carry the node's own wall-clock time, so that a skewed clock shows in its log.
            ForkedJvm mine = hosts.startJvm(host, "node-" + host.index(), GatewayMain.class.getName(), environment,
                    List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.io.tollgrid=info",
                            "-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"),
                    List.of(config.toString()), dir.resolve("node-" + host.index() + "-run" + exits.get() + ".log"));
            jvm = mine;
            Thread supervisor = new Thread(() -> {
                while (mine.isAlive() || !supervised.get()) {
                    if (!mine.isAlive()) {
                        return; // ended before supervision began: HostCluster.start reports it
                    }
                    sleep(500);
                }
                if (!supervised.get()) {
                    return;
                }
                exits.incrementAndGet();
                sleep(1_000); // systemd's RestartSec
                start();
            }, "supervisor-" + host.index());
            supervisor.setDaemon(true);
            supervisor.start();
        }
    }

    /** A grid node with its gateway embedded, or ({@code gridNode} false) a gateway alone, a client of the grid. */
    private Path writeConfig(TestHosts.Host host, boolean gridNode) throws IOException {
        String peers = String.join(",", gridHosts().stream().map(h -> h.address() + ":47500..47502").toList());
        String switchAddresses = String.join(",", hosts.hosts().stream().map(TestHosts.Host::address).toList());
        Path config = dir.resolve("node-" + host.index() + ".properties");
        Files.writeString(config, String.join("\n",
                "grid.instance.name=" + (gridNode ? "grid-" : "gateway-") + host.index(),
                "grid.local.address=" + host.address(),
                "grid.discovery.port=47500",
                "grid.discovery.ports=3",
                "grid.discovery.addresses=" + peers,
                "grid.communication.port=47100",
                "grid.work.dir=" + dir.resolve("grid-" + host.index()),
                "grid.persistence=true",
                "grid.data.region.mb=64",
                "grid.expected.servers=3",
                "grid.metrics.port=0",
                "grid.quorum.lost.exit.seconds=" + quorumLostExitSeconds,
                "grid.activation.wait.seconds=20",
                "gateway.embedded=" + gridNode,
                "gateway.http.host=" + host.address(),
                "gateway.http.port=" + HTTP_PORT,
                "gateway.admin.key=" + ADMIN_KEY,
                "gateway.switch.ips=" + switchAddresses,
                "gateway.grid.deadline.ms=2000",
                "cassandra.contact.points=" + hosts.host(1).address() + ":" + CQL_PORT + ";datacenter1",
                "cassandra.keyspace=tollgrid",
                ""));
        return config;
    }

    private void setUpAccounts() {
        TestHosts.Host host = hosts.host(1);
        admin(host, "/admin/tenants", "{\"tenantId\":\"t1\",\"name\":\"T1\",\"apiKey\":\"" + TENANT_KEY + "\"}");
        admin(host, "/admin/rate-plans", "{\"planId\":\"flat\",\"pricePerMinute\":\"0.06\"}");
        for (int i = 0; i < ACCOUNTS; i++) {
            admin(host, "/admin/accounts", "{\"tenantId\":\"t1\",\"accountId\":\"p" + i
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"flat\",\"balance\":\"100.00\"}");
        }
    }

    private void admin(TestHosts.Host host, String path, String body) {
        // Generous: the first requests after a start on a loaded two-core box have taken more than 5 s.
        Reply reply = post(host, path, body, ADMIN_KEY, 30);
        assertTrue(reply.status() == 200 || reply.status() == 201, path + " answered " + reply);
    }

    private void sendFlows(TestHosts.Host host) {
        Random random = new Random(host.index());
        while (sending.get()) {
            String account = "p" + random.nextInt(ACCOUNTS);
            String callId = "h" + host.index() + "-" + callIds.incrementAndGet();
            long sent = System.nanoTime();
            Reply authorised = post(host, "/v1/calls/authorise", "{\"callId\":\"" + callId + "\",\"account\":\""
                    + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", null);
            long authoriseMicros = authorised.status() == 0 ? 0 : authorised.micros();
            boolean allowed = authorised.status() == 200 && "ALLOW".equals(authorised.json().getString("decision"));
            boolean stopAcked = false;
            if (allowed) {
                Reply stopped = post(host, "/v1/calls/stop", "{\"callId\":\"" + callId + "\",\"account\":\""
                        + account + "\",\"durationSeconds\":30}", null);
                stopAcked = stopped.status() == 200;
            } else if (authorised.status() == 0) {
                sleep(200); // nothing listens there now: don't spin
            }
            flows.add(new Flow(host.index(), account, callId, sent, allowed, stopAcked, authoriseMicros));
        }
    }

    /** A gateway's answer; {@code micros}: curl's {@code time_total}. */
    record Reply(int status, String body, long micros) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    /** A request from inside the host's namespace to its own gateway. */
    private Reply post(TestHosts.Host host, String path, String body, String key) {
        return post(host, path, body, key, 5);
    }

    private Reply post(TestHosts.Host host, String path, String body, String key, int timeoutSeconds) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", Integer.toString(timeoutSeconds), "-w", "\n%{http_code} %{time_total}", "-X", "POST",
                "-H", "content-type: application/json", "-d", body));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        command.add("http://" + host.address() + ":" + HTTP_PORT + path);
        return reply(hosts.exec(host, command.toArray(String[]::new)));
    }

    private Reply get(TestHosts.Host host, String path, String key) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-w", "\n%{http_code} %{time_total}"));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        command.add("http://" + host.address() + ":" + HTTP_PORT + path);
        return reply(hosts.exec(host, command.toArray(String[]::new)));
    }

    private static Reply reply(TestHosts.Result result) {
        String output = result.output();
        int newline = output.lastIndexOf('\n');
        if (newline < 0) {
            return new Reply(0, output, 0);
        }
        String[] written = output.substring(newline + 1).trim().split(" ");
        int status;
        long micros;
        try {
            status = Integer.parseInt(written[0]);
            micros = written.length > 1 ? Math.round(Double.parseDouble(written[1]) * 1e6) : 0;
        } catch (NumberFormatException e) {
            status = 0;
            micros = 0;
        }
        return new Reply(status, output.substring(0, newline), micros);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
