package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Tollgrid as {@code ./tollgrid up} runs it ({@link LocalStack}: Cassandra, one grid node, the gateway and
 * ingest, each in its own JVM), on ports of its own, provisioned through the admin API as DemoData does.
 */
final class TollgridSystem implements SystemUnderTest {
    static final String ADMIN_KEY = "loadgen-admin-key-0123456789";

    private final StackSettings settings;
    private final LocalStack.Shape shape;
    private LocalStack stack;

    /**
     * @param shape {@link LocalStack.Shape#EMBEDDED} ("tollgrid", what {@code ./tollgrid up} runs) or
     *              {@link LocalStack.Shape#SEPARATE} ("tollgrid-separate": the gateway as a client JVM of its own,
     *              each batch an Ignite compute job), so the two transports are measured side by side
     */
    TollgridSystem(Path dir, LocalStack.Shape shape) {
        this.shape = shape;
        this.settings = new StackSettings(dir.resolve("stack").toAbsolutePath(), FreePorts.next(), FreePorts.next(),
                FreePorts.nextRange(10), FreePorts.nextRange(50), FreePorts.nextRange(10), ADMIN_KEY);
    }

    @Override
    public String name() {
        return shape == LocalStack.Shape.EMBEDDED ? "tollgrid" : "tollgrid-separate";
    }

    StackSettings settings() {
        return settings;
    }

    /** Starts on an empty stack directory: no Cassandra data or Ignite persistence from an earlier run. */
    @Override
    public void start() {
        FreshState.delete(settings.dir());
        // With the ingest benchmark's posting file source, so the ingest table has the posted file path too.
        stack = LocalStack.start(settings, shape, io.tollgrid.loadtests.ingest.IngestBenchmark.STACK_CONFIG);
    }

    @Override
    public Map<String, Long> processes() {
        return stack.processPids();
    }

    /** The grid node's {@code tollgrid_grid_outbox_entries}: rated CDRs ingest has not yet written to Cassandra. */
    @Override
    public OptionalLong backlog() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gridMetricsUrl())).timeout(Duration.ofSeconds(10)).build();
        try {
            String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
            Double entries = gauge(body, "tollgrid_grid_outbox_entries");
            return entries == null ? OptionalLong.empty() : OptionalLong.of(Math.round(entries));
        } catch (java.io.IOException e) {
            System.err.println("scraping " + stack.gridMetricsUrl() + " failed: " + e);
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The sum of a metric's samples over its label sets in Prometheus text format; null if it has none. */
    static Double gauge(String exposition, String name) {
        Double sum = null;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String rest = line.substring(line.startsWith(name + "{") ? line.indexOf('}') + 1 : name.length()).trim();
                sum = (sum == null ? 0 : sum) + Double.parseDouble(rest.split("\\s+")[0]);
            }
        }
        return sum;
    }

    @Override
    public int httpPort() {
        return settings.httpPort();
    }

    @Override
    public void provision(CallMix mix) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        post(http, "/admin/tenants", "{\"tenantId\":\"" + CallMix.TENANT + "\",\"name\":\"Load generator\","
                + "\"apiKey\":\"loadgen-tenant-key-0123456789\"}").join();
        post(http, "/admin/rate-plans", "{\"planId\":\"" + CallMix.PLAN + "\",\"pricePerMinute\":\""
                + Money.ofMicros(CallMix.PRICE_PER_MINUTE_MICROS).toPlainString() + "\",\"connectFee\":\""
                + Money.ofMicros(CallMix.CONNECT_FEE_MICROS).toPlainString() + "\",\"initialIncrementSeconds\":"
                + CallMix.INITIAL_INCREMENT + ",\"nextIncrementSeconds\":" + CallMix.NEXT_INCREMENT + "}").join();
        List<String[]> accounts = new ArrayList<>();
        for (int i = 0; i < mix.accounts(); i++) {
            accounts.add(new String[] {CallMix.ordinary(i), Money.ofMicros(CallMix.ORDINARY_BALANCE_MICROS).toPlainString()});
        }
        for (int i = 0; i < mix.hotAccounts(); i++) {
            accounts.add(new String[] {CallMix.hot(i), Money.ofMicros(CallMix.HOT_BALANCE_MICROS).toPlainString()});
        }
        for (int i = 0; i < mix.brokeAccounts(); i++) {
            accounts.add(new String[] {CallMix.broke(i), Money.ofMicros(CallMix.BROKE_BALANCE_MICROS).toPlainString()});
        }
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Void>> created = new ArrayList<>();
        for (String[] account : accounts) {
            inFlight.acquireUninterruptibly();
            created.add(post(http, "/admin/accounts", "{\"tenantId\":\"" + CallMix.TENANT + "\",\"accountId\":\"" + account[0]
                    + "\",\"currency\":\"EUR\",\"ratePlanId\":\"" + CallMix.PLAN + "\",\"balance\":\"" + account[1]
                    + "\",\"creditLimit\":\"0\"}").whenComplete((ok, error) -> inFlight.release()));
        }
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> post(HttpClient http, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            if (response.statusCode() != 201 && response.statusCode() != 200 && response.statusCode() != 409) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
            }
        });
    }

    /** Starts JFR (profile settings) in every process of the stack, through jcmd, so LocalStack needs no hook. */
    void startRecording() {
        stack.pids().forEach(pid -> jcmd(pid, "JFR.start", "name=loadgen", "settings=profile"));
    }

    /** Writes each process's recording to {@code dir/<pid>.jfr}. */
    void dumpRecording(Path dir) {
        stack.pids().forEach(pid -> jcmd(pid, "JFR.dump", "name=loadgen", "filename=" + dir.resolve(pid + ".jfr")));
        System.out.println("JFR recordings of the stack (pids " + stack.pids() + ") in " + dir);
    }

    private static void jcmd(long pid, String... command) {
        List<String> full = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        full.addAll(List.of(command));
        try {
            new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (java.io.IOException e) {
            System.err.println("jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
    }
}
