package io.tollgrid.ops.hosts;

import io.tollgrid.gateway.GatewayMain;
import io.tollgrid.localcluster.ForkedJvm;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three test hosts (network namespaces), each running a grid node with its gateway embedded, as the three-host
 * inventory in ops/deploy runs them (native persistence, baseline of three), and Cassandra on host 1. A "switch" on
 * every host sends call flows (authorise, then stop) to its own host's gateway all along. Host 3 is cut off the
 * network, and later put back.
 *
 * <p>What must hold (docs/deployment.md, "Partitions"): hosts 1 and 2, a majority of the baseline, keep charging;
 * host 3 stops charging; its node ends itself and is started again by the test as its supervisor would (systemd's
 * {@code Restart=}), and once the network is back it rejoins the grid and charges again. Afterwards the ledger is
 * exact: every stop a gateway acknowledged is in the majority's ledger once (sending it again replays the same
 * answer), and every balance is its opening amount minus the calls charged, with nothing left reserved.
 */
class GridPartitionTest {
    private static final String ADMIN_KEY = "partition-admin-key-0123456789";
    private static final int HTTP_PORT = 8080;
    private static final int CQL_PORT = 9042;
    private static final int ACCOUNTS = 12;
    private static final long OPENING_MICROS = 100_000_000;
    /** Each flow is a 30 s call at 0.06 a minute, billed per started minute. */
    private static final long FLOW_COST_MICROS = 60_000;
    private static final Duration CUT_FOR = Duration.ofSeconds(50);

    /** One call flow a host's switch sent, and what its gateway answered. */
    private record Flow(int host, String account, String callId, long sentAtNanos, boolean allowed, boolean stopAcked) {
    }

    @Test
    void onlyTheMajorityChargesWhileAHostIsCutOffAndTheLedgerIsExactAfterItRejoins() throws Exception {
        List<String> observed = new ArrayList<>();
        try (TestHosts hosts = TestHosts.create(3)) {
            Path dir = Path.of("target", "hosts", hosts.prefix()).toAbsolutePath();
            Files.createDirectories(dir);
            long launched = System.nanoTime();
            hosts.startCassandra(hosts.host(1), dir.resolve("cassandra"), CQL_PORT);
            observed.add(String.format("Cassandra on host 1 answered %.1f s after launch", seconds(launched)));

            List<Node> nodes = new ArrayList<>();
            for (TestHosts.Host host : hosts.hosts()) {
                nodes.add(new Node(hosts, host, writeConfig(hosts, host, dir), dir));
            }
            nodes.forEach(Node::start);
            for (Node node : nodes) {
                node.jvm.awaitLogged("READY", Duration.ofSeconds(180));
            }
            observed.add(String.format("3 grid nodes with their gateways ready %.1f s after launch", seconds(launched)));
            setUpAccounts(hosts);
            nodes.forEach(node -> node.supervised.set(true));

            List<Flow> flows = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> switches = new ArrayList<>();
            for (TestHosts.Host host : hosts.hosts()) {
                Thread sender = new Thread(() -> sendFlows(hosts, host, flows, running), "switch-" + host.index());
                sender.start();
                switches.add(sender);
            }
            Thread.sleep(8_000);
            for (int host = 1; host <= 3; host++) {
                assertTrue(countAllowed(flows, host, 0) > 0, "host " + host + " charges before the cut");
            }

            TestHosts.Host cut = hosts.host(3);
            long cutAt = System.nanoTime();
            hosts.partition(cut);
            Thread.sleep(CUT_FOR.toMillis());
            long healAt = System.nanoTime();
            hosts.heal(cut);
            Node third = nodes.get(2);
            long rejoined = awaitReady(hosts, cut, Duration.ofSeconds(180));
            observed.add(String.format("host 3's node ended %d time(s) while cut off or rejoining", third.exits.get()));
            observed.add(rejoined > 0 ? String.format("host 3 ready again %.1f s after the heal", (rejoined - healAt) / 1e9)
                    : "host 3 was not ready 180 s after the heal");
            Thread.sleep(5_000);
            running.set(false);
            for (Thread sender : switches) {
                sender.join(30_000);
            }

            long majoritySettled = cutAt + Duration.ofSeconds(30).toNanos();
            for (int host = 1; host <= 3; host++) {
                int host0 = host;
                observed.add(String.format("host %d: %d flows allowed before the cut, %d in the first 30 s after it, "
                                + "%d from 30 s after the cut to the heal, %d after the heal; %d refused or unanswered in all",
                        host, countAllowedBetween(flows, host, 0, cutAt), countAllowedBetween(flows, host, cutAt, majoritySettled),
                        countAllowedBetween(flows, host, majoritySettled, healAt), countAllowed(flows, host, healAt),
                        flows.stream().filter(f -> f.host() == host0 && !f.allowed()).count()));
            }
            observed.add(String.format("host 3's last allowed flow after the cut: %s", lastAllowedAfter(flows, 3, cutAt, healAt)
                    .map(at -> String.format("%.1f s after it", (at - cutAt) / 1e9)).orElse("none")));
            observed.add(String.format("hosts 1 and 2: longest time without an allowed flow after the cut: %.1f s",
                    longestGap(flows, cutAt, healAt) / 1e9));

            assertTrue(rejoined > 0, "host 3 rejoins and is ready after the heal");
            assertEquals(0, countAllowedBetween(flows, 3, majoritySettled, healAt),
                    "host 3, cut off from the majority, charges nothing from 30 s after the cut");
            for (int host = 1; host <= 2; host++) {
                assertTrue(countAllowedBetween(flows, host, majoritySettled, healAt) > 0,
                        "host " + host + " (majority side) keeps charging while host 3 is cut off");
            }
            assertTrue(countAllowed(flows, 3, rejoined) > 0, "host 3 charges again once it has rejoined");

            auditLedger(hosts, flows, observed);
        } finally {
            observed.forEach(line -> System.out.println("OBSERVED: " + line));
        }
    }

    /** A grid node with its gateway on one host, and the supervisor that starts it again when it ends. */
    private static final class Node {
        private final TestHosts hosts;
        private final TestHosts.Host host;
        private final Path config;
        private final Path dir;
        private final AtomicBoolean supervised = new AtomicBoolean();
        private final AtomicInteger exits = new AtomicInteger();
        private volatile ForkedJvm jvm;

        Node(TestHosts hosts, TestHosts.Host host, Path config, Path dir) {
            this.hosts = hosts;
            this.host = host;
            this.config = config;
            this.dir = dir;
        }

        void start() {
            jvm = hosts.startJvm(host, "node-" + host.index(), GatewayMain.class.getName(),
                    List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.io.tollgrid=info"),
                    List.of(config.toString()), dir.resolve("node-" + host.index() + "-run" + exits.get() + ".log"));
            Thread supervisor = new Thread(() -> {
                ForkedJvm mine = jvm;
                while (mine.isAlive() || !supervised.get()) {
                    if (!mine.isAlive()) {
                        return; // ended before supervision began: the test's own awaitLogged reports it
                    }
                    sleep(500);
                }
                exits.incrementAndGet();
                sleep(1_000); // systemd's RestartSec
                start();
            }, "supervisor-" + host.index());
            supervisor.setDaemon(true);
            supervisor.start();
        }
    }

    private static Path writeConfig(TestHosts hosts, TestHosts.Host host, Path dir) throws IOException {
        String peers = String.join(",", hosts.hosts().stream().map(h -> h.address() + ":47500..47502").toList());
        String switches = String.join(",", hosts.hosts().stream().map(TestHosts.Host::address).toList());
        Path config = dir.resolve("node-" + host.index() + ".properties");
        Files.writeString(config, String.join("\n",
                "grid.instance.name=grid-" + host.index(),
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
                "grid.quorum.lost.exit.seconds=10",
                "grid.activation.wait.seconds=20",
                "gateway.embedded=true",
                "gateway.http.host=" + host.address(),
                "gateway.http.port=" + HTTP_PORT,
                "gateway.admin.key=" + ADMIN_KEY,
                "gateway.switch.ips=" + switches,
                "gateway.grid.deadline.ms=2000",
                "cassandra.contact.points=" + hosts.host(1).address() + ":" + CQL_PORT + ";datacenter1",
                "cassandra.keyspace=tollgrid",
                ""));
        return config;
    }

    private static void setUpAccounts(TestHosts hosts) {
        TestHosts.Host host = hosts.host(1);
        admin(hosts, host, "/admin/tenants", "{\"tenantId\":\"t1\",\"name\":\"T1\",\"apiKey\":\"t1-key-0123456789abcdef\"}");
        admin(hosts, host, "/admin/rate-plans", "{\"planId\":\"flat\",\"pricePerMinute\":\"0.06\"}");
        for (int i = 0; i < ACCOUNTS; i++) {
            admin(hosts, host, "/admin/accounts", "{\"tenantId\":\"t1\",\"accountId\":\"p" + i
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"flat\",\"balance\":\"100.00\"}");
        }
    }

    private static void admin(TestHosts hosts, TestHosts.Host host, String path, String body) {
        Reply reply = post(hosts, host, host, path, body, ADMIN_KEY);
        assertTrue(reply.status() == 200 || reply.status() == 201, path + " answered " + reply);
    }

    /** One host's switch: flows to its own gateway, one at a time, until told to stop. */
    private static void sendFlows(TestHosts hosts, TestHosts.Host host, List<Flow> flows, AtomicBoolean running) {
        Random random = new Random(host.index());
        int n = 0;
        while (running.get()) {
            String account = "p" + random.nextInt(ACCOUNTS);
            String callId = "h" + host.index() + "-" + n++;
            long sent = System.nanoTime();
            Reply authorised = post(hosts, host, host, "/v1/calls/authorise", "{\"callId\":\"" + callId + "\",\"account\":\""
                    + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", null);
            boolean allowed = authorised.status() == 200 && "ALLOW".equals(authorised.json().getString("decision"));
            boolean stopAcked = false;
            if (allowed) {
                Reply stopped = post(hosts, host, host, "/v1/calls/stop", "{\"callId\":\"" + callId + "\",\"account\":\""
                        + account + "\",\"durationSeconds\":30}", null);
                stopAcked = stopped.status() == 200;
            } else if (authorised.status() == 0) {
                sleep(200); // nothing listens there now: don't spin
            }
            flows.add(new Flow(host.index(), account, callId, sent, allowed, stopAcked));
        }
    }

    /**
     * Every flow's stop is sent again to host 1, which settles the ones whose outcome the switch never learnt. An
     * acknowledged stop must come back as a replay of the same charge. Then each balance must be its opening amount
     * minus one flow's cost per stop charged, with nothing reserved.
     */
    private static void auditLedger(TestHosts hosts, List<Flow> flows, List<String> observed) {
        TestHosts.Host majority = hosts.host(1);
        Map<String, Long> charged = new ConcurrentHashMap<>();
        List<String> lost = new ArrayList<>();
        int settled = 0;
        for (Flow flow : flows) {
            Reply again = post(hosts, majority, majority, "/v1/calls/stop", "{\"callId\":\"" + flow.callId()
                    + "\",\"account\":\"" + flow.account() + "\",\"durationSeconds\":30}", null);
            assertTrue(again.status() == 200 || again.status() == 404, "stop of " + flow + " sent again: " + again);
            if (again.status() == 200) {
                assertEquals("0.060000", again.json().getString("cost"), "the cost of " + flow);
                charged.merge(flow.account(), FLOW_COST_MICROS, Long::sum);
                if (!flow.stopAcked()) {
                    settled++;
                }
            }
            if (flow.stopAcked() && (again.status() != 200 || !again.json().getBoolean("replay"))) {
                lost.add(flow.callId() + " (host " + flow.host() + "): " + again);
            }
        }
        long acked = flows.stream().filter(Flow::stopAcked).count();
        observed.add(String.format("audit: %d flows, %d stops acknowledged, %d more charged when settled afterwards, "
                + "%d acknowledged stops missing from the majority's ledger", flows.size(), acked, settled, lost.size()));
        assertEquals(List.of(), lost, "every acknowledged stop is in the ledger once");
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = "p" + i;
            Reply balance = get(hosts, majority, "/v1/accounts/" + account + "/balance", "t1-key-0123456789abcdef");
            assertEquals(200, balance.status(), "balance of " + account + ": " + balance);
            long expected = OPENING_MICROS - charged.getOrDefault(account, 0L);
            assertEquals(micros(expected), balance.json().getString("balance"), "balance of " + account);
            assertEquals("0.000000", balance.json().getString("reserved"), "reserved on " + account);
        }
    }

    private static String micros(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).toPlainString();
    }

    /** Waits until the host's gateway says it may charge; returns when (System.nanoTime), or 0 if it never did. */
    private static long awaitReady(TestHosts hosts, TestHosts.Host host, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(hosts, host, "/health/ready", null).status() == 200) {
                return System.nanoTime();
            }
            Thread.sleep(500);
        }
        return 0;
    }

    private record Reply(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private static Reply post(TestHosts hosts, TestHosts.Host from, TestHosts.Host to, String path, String body, String key) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-w", "\n%{http_code}", "-X", "POST",
                "-H", "content-type: application/json", "-d", body));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        command.add("http://" + to.address() + ":" + HTTP_PORT + path);
        return reply(hosts.exec(from, command.toArray(String[]::new)));
    }

    private static Reply get(TestHosts hosts, TestHosts.Host host, String path, String key) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-w", "\n%{http_code}"));
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
            return new Reply(0, output);
        }
        int status;
        try {
            status = Integer.parseInt(output.substring(newline + 1).trim());
        } catch (NumberFormatException e) {
            status = 0;
        }
        return new Reply(status, output.substring(0, newline));
    }

    private static long countAllowed(List<Flow> flows, int host, long fromNanos) {
        return countAllowedBetween(flows, host, fromNanos, Long.MAX_VALUE);
    }

    private static long countAllowedBetween(List<Flow> flows, int host, long fromNanos, long toNanos) {
        return flows.stream().filter(f -> f.host() == host && f.allowed()
                && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0).count();
    }

    private static java.util.Optional<Long> lastAllowedAfter(List<Flow> flows, int host, long fromNanos, long toNanos) {
        return flows.stream().filter(f -> f.host() == host && f.allowed()
                        && f.sentAtNanos() - fromNanos >= 0 && toNanos - f.sentAtNanos() > 0)
                .map(Flow::sentAtNanos).max(Long::compare);
    }

    /** The longest stretch in [from, to) with no allowed flow on hosts 1 and 2. */
    private static long longestGap(List<Flow> flows, long fromNanos, long toNanos) {
        List<Long> times = flows.stream().filter(f -> f.host() != 3 && f.allowed()
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

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
