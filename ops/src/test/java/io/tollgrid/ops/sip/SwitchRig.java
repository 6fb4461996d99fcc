package io.tollgrid.ops.sip;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The whole path a real operator runs: the local stack (Cassandra, grid, gateway and ingest, each its own JVM),
 * Kamailio with ops/kamailio/kamailio.cfg in front of it, and a SIPp UAS as the carrier behind it. Kamailio
 * calls the gateway from 127.0.0.1, which the local stack trusts as an operator switch (gateway.switch.ips).
 */
final class SwitchRig implements AutoCloseable {
    static final String TENANT = "switch-tenant";
    static final String TENANT_KEY = "switch-tenant-key-0123456789";
    static final String ADMIN_KEY = "switch-test-admin-key-0001";

    private final Path dir;
    private final SwitchTools.Binaries tools;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<AutoCloseable> switchCloseables = new ArrayList<>();
    private final List<ProcessHandle> nativeProcesses = new ArrayList<>();
    private static final int WARM_UP_CALLS = 1_000;
    private static final int WARM_UP_THREADS = 8;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String gatewayUrl;
    private int cqlPort;
    private CqlSession cql;
    private CdrStore history;
    private KamailioSwitch kamailio;
    private Optional<String> evapi = Optional.empty();
    private Optional<EmptyEndpoint> emptyEndpoint = Optional.empty();
    private BooleanSupplier evapiLinked = () -> gatewayMetrics().contains("tollgrid_gateway_evapi_links_connected 1.0");

    private SwitchRig(Path dir, SwitchTools.Binaries tools) {
        this.dir = dir;
        this.tools = tools;
    }

    /** How Kamailio reaches the gateway: synchronous http_client, or evapi with suspended transactions. */
    enum Integration {
        HTTP, EVAPI;

        /** The system property {@code tollgrid.switch.integration} (evapi or http), evapi by default as in the cfg. */
        static Integration fromProperty() {
            return valueOf(System.getProperty("tollgrid.switch.integration", "evapi").trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    static SwitchRig start(String name, Tariff tariff, Integration integration) throws IOException {
        SwitchRig rig = startStack(name, tariff, integration == Integration.EVAPI);
        try {
            rig.useSwitch(integration);
            return rig;
        } catch (IOException | RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    /**
     * The stack alone, warmed up, able to serve a switch of either integration in turn ({@link #useSwitch}): one
     * stack start and warm-up for a test that runs both, instead of one each.
     */
    static SwitchRig startForBoth(String name, Tariff tariff) throws IOException {
        return startStack(name, tariff, true);
    }

    /**
     * No stack: Kamailio's billing calls go to an {@link EmptyEndpoint} (HTTP, and evapi for {@code integration}
     * EVAPI) that allows every call and bills nothing. Only {@link #place} and the switch's processes are of use
     * on such a rig; it has no accounts, balances or CDRs.
     */
    static SwitchRig startEmpty(String name, Integration integration) throws IOException {
        SwitchTools.Binaries tools = SwitchTools.require();
        SwitchRig rig = new SwitchRig(Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-"), tools);
        try {
            rig.evapi = integration == Integration.EVAPI ? Optional.of("127.0.0.1:" + FreePorts.next()) : Optional.empty();
            EmptyEndpoint endpoint = new EmptyEndpoint(FreePorts.next(), rig.evapi);
            rig.closeables.add(endpoint);
            rig.gatewayUrl = endpoint.url();
            rig.evapiLinked = endpoint::evapiConnected;
            rig.emptyEndpoint = Optional.of(endpoint);
            rig.useSwitch(integration);
            return rig;
        } catch (IOException | RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private static SwitchRig startStack(String name, Tariff tariff, boolean withEvapi) throws IOException {
        SwitchTools.Binaries tools = SwitchTools.require();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
        SwitchRig rig = new SwitchRig(dir, tools);
        try {
            StackSettings settings = new StackSettings(dir.resolve("stack"), FreePorts.next(), FreePorts.next(),
                    FreePorts.nextRange(10), FreePorts.nextRange(50), FreePorts.nextRange(3), ADMIN_KEY);
            rig.evapi = withEvapi ? Optional.of("127.0.0.1:" + FreePorts.next()) : Optional.empty();
            LocalStack stack = LocalStack.start(settings,
                    rig.evapi.map(address -> List.of("gateway.evapi.switches=" + address)).orElse(List.of()));
            rig.closeables.add(stack);
            rig.gatewayUrl = stack.gatewayUrl();
            rig.cqlPort = settings.cqlPort();
            rig.admin("/admin/tenants", "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Switch test\",\"apiKey\":\"" + TENANT_KEY + "\"}");
            rig.admin("/admin/rate-plans", tariff.adminJson());
            rig.warmUp(tariff);
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    /**
     * Puts a fresh switch in front of the stack: a SIPp UAS as the carrier and Kamailio talking to the gateway by
     * {@code integration}, after stopping the switch there was (its processes all gone before this returns).
     */
    void useSwitch(Integration integration) throws IOException {
        stopSwitch();
        if (integration == Integration.EVAPI && evapi.isEmpty()) {
            throw new IllegalStateException("this rig's stack was started without an evapi link");
        }
        Optional<String> link = integration == Integration.EVAPI ? evapi : Optional.empty();
        int carrierPort = FreePorts.nextUdp();
        NativeProcess uas = SippCalls.startUas(tools.sipp(), dir.resolve("sip"), carrierPort);
        switchCloseables.add(uas);
        nativeProcesses.addAll(uas.tree());
        kamailio = KamailioSwitch.start(tools.kamailio(), dir.resolve("sip"), new KamailioSwitch.Config(
                FreePorts.nextUdp(), gatewayUrl, "sip:127.0.0.1:" + carrierPort, Optional.empty(), 32, link));
        switchCloseables.add(kamailio);
        nativeProcesses.addAll(kamailio.process().tree());
        if (link.isPresent()) {
            awaitEvapiLink(Duration.ofSeconds(30));
        }
        if (!uas.isAlive()) {
            throw new IllegalStateException("the SIPp UAS exited: " + uas.logTail(20));
        }
    }

    /**
     * Starts the carriers of ops/sipp/carrier.xml beside the switch's own UAS, each on a port of its own, until
     * {@link #stopSwitch()}; answers each carrier's port by its name ({@code a}, {@code b}).
     */
    Map<String, Integer> startCarriers(List<String> names) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : names) {
            int port = FreePorts.nextUdp();
            NativeProcess carrier = SippCalls.startCarrier(tools.sipp(), dir.resolve("sip"), port, name);
            switchCloseables.add(carrier);
            nativeProcesses.addAll(carrier.tree());
            ports.put(name, port);
        }
        for (AutoCloseable closeable : switchCloseables) {
            if (closeable instanceof NativeProcess process && !process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited: " + process.logTail(20));
            }
        }
        return ports;
    }

    /** Stops the switch (Kamailio, then the UAS), leaving the stack up. */
    void stopSwitch() {
        closeAll(switchCloseables);
        kamailio = null;
    }

    /**
     * Drives the stack's JVMs (gateway, grid, ingest) through a few thousand calls straight over HTTP, on an
     * account of its own, before any audited call: freshly started JVMs are slow enough at first that SIPp's
     * timers fired on the first seconds of traffic (seen once in CI, with the earlier modules' JVMs still
     * exiting). The switch path itself needs no warming; Kamailio is native.
     */
    private void warmUp(Tariff tariff) {
        String account = "warm-up";
        createAccount(account, tariff.planId(), Tariff.micros("1000000"), 0, true);
        ExecutorService pool = Executors.newFixedThreadPool(WARM_UP_THREADS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < WARM_UP_THREADS; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < WARM_UP_CALLS / WARM_UP_THREADS; i++) {
                        String callId = "warm-" + thread + "-" + i;
                        call("/v1/calls/authorise", "{\"callId\":\"" + callId + "\",\"account\":\"" + account
                                + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}");
                        call("/v1/calls/start", "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\"}");
                        call("/v1/calls/stop", "{\"callId\":\"" + callId + "\",\"account\":\"" + account
                                + "\",\"durationSeconds\":30}");
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(WARM_UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("warming the stack up failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A switch API request straight over HTTP, as an operator switch (127.0.0.1 is trusted); its 200 answer. */
    JsonObject call(String path, String json) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        if (reply.status() != 200) {
            throw new AssertionError("POST " + path + " " + json + ": " + reply);
        }
        return new JsonObject(reply.body());
    }

    /** The gateway (or the empty endpoint) retries its evapi connection until Kamailio listens. */
    private void awaitEvapiLink(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evapiLinked.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the gateway did not connect to Kamailio's evapi socket within " + timeout
                + "; kamailio:\n" + kamailioLogTail(30));
    }

    /** The gateway's Prometheus text, for tests that check what went over evapi. */
    String gatewayMetrics() {
        return send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/metrics")).GET()).body();
    }

    /** The endpoint of a rig from {@link #startEmpty}; none for one in front of the stack. */
    Optional<EmptyEndpoint> emptyEndpoint() {
        return emptyEndpoint;
    }

    Path dir() {
        return dir;
    }

    /** Kamailio, its workers, the UAS and the watchdogs of every switch so far: none may outlive {@link #stopSwitch()}. */
    List<ProcessHandle> nativeProcesses() {
        return List.copyOf(nativeProcesses);
    }

    /**
     * @param incremental reserve per slice (300 s) instead of the whole balance, so one account can carry
     *                    several calls at once; a FULL account's first call reserves everything it can afford
     */
    void createAccount(String accountId, String planId, long balanceMicros, int maxCalls, boolean incremental) {
        createAccount(accountId, planId, balanceMicros, maxCalls, incremental, 0);
    }

    /** @param lowBalanceThresholdMicros the account's low-balance threshold (the top-up prompt), 0 for none */
    void createAccount(String accountId, String planId, long balanceMicros, int maxCalls, boolean incremental,
                       long lowBalanceThresholdMicros) {
        String threshold = lowBalanceThresholdMicros > 0
                ? ",\"lowBalanceThreshold\":\"" + Tariff.format(lowBalanceThresholdMicros) + "\"" : "";
        String limits = maxCalls > 0 ? ",\"limits\":{\"maxCalls\":" + maxCalls + "}" : "";
        admin("/admin/accounts", "{\"tenantId\":\"" + TENANT + "\",\"accountId\":\"" + accountId
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"" + planId + "\",\"balance\":\""
                + Tariff.format(balanceMicros) + "\",\"reservation\":\"" + (incremental ? "INCREMENTAL" : "FULL") + "\""
                + limits + threshold + "}");
    }

    SippCalls.UacRun place(String runId, List<SippCalls.PlannedCall> calls, int rate, Duration timeout) {
        return SippCalls.runUac(tools.sipp(), dir.resolve("sip"), FreePorts.nextUdp(), kamailio.sipPort(), runId, calls,
                rate, timeout);
    }

    JsonObject balance(String account) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/accounts/" + account + "/balance"))
                .header("Authorization", "Bearer " + TENANT_KEY).GET());
        if (reply.status() != 200) {
            throw new AssertionError("balance of " + account + ": " + reply);
        }
        return new JsonObject(reply.body());
    }

    JsonArray cdrs(String account) {
        Instant now = Instant.now();
        Reply reply = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/accounts/" + account + "/cdrs?from="
                        + now.minus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofDays(1))))
                .header("Authorization", "Bearer " + TENANT_KEY).GET());
        if (reply.status() != 200) {
            throw new AssertionError("cdrs of " + account + ": " + reply);
        }
        return new JsonObject(reply.body()).getJsonArray("cdrs");
    }

    String kamailioLogTail(int lines) {
        return kamailio == null ? "" : kamailio.process().logTail(lines);
    }

    /** What a CDR row holds about the carrier: not in the tenant CDR API (docs/routing.md), so read from Cassandra. */
    record CarrierCdr(String callId, String carrierId, Long buyCostMicros, long costMicros, Long marginMicros,
                      long durationSeconds, String disposition, int cause, int pddMs) {
    }

    /** The carrier columns of the account's CDRs of yesterday and today (UTC), by call id, read through history. */
    Map<String, CarrierCdr> carrierCdrs(String account) {
        if (cql == null) {
            cql = CassandraConnection.parse("127.0.0.1:" + cqlPort + ";datacenter1").openSession();
            history = CdrStore.open(cql, LocalStack.KEYSPACE, 1);
        }
        Instant yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, CarrierCdr> rows = new LinkedHashMap<>();
        for (RatedCdr cdr : history.find(TENANT, account, yesterday, yesterday.plus(Duration.ofDays(2))).toCompletableFuture().join()) {
            rows.put(cdr.callId(), new CarrierCdr(cdr.callId(), cdr.carrierId(),
                    cdr.buyCost() == null ? null : cdr.buyCost().micros(), cdr.cost().micros(),
                    cdr.margin() == null ? null : cdr.margin().micros(), cdr.durationSeconds(), cdr.disposition(),
                    cdr.cause(), cdr.pddMs()));
        }
        return rows;
    }

    /** An admin API POST that must answer 201. */
    void admin(String path, String json) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (reply.status() != 201) {
            throw new AssertionError("POST " + path + " " + json + ": " + reply);
        }
    }

    private record Reply(int status, String body) {
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Switch first, so no call is in flight when the gateway goes; then the stack. */
    @Override
    public void close() {
        stopSwitch();
        if (cql != null) {
            cql.close();
            cql = null;
            history = null;
        }
        closeAll(closeables);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + closeables.get(i) + ": " + e);
            }
        }
        closeables.clear();
    }
}
