package io.tollgrid.ops.stack;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.monitoring.MonitoringFiles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ./tollgrid up} does, on private ports: every process starts as its own JVM (the gateway inside the
 * grid node, {@link LocalStack.Shape#EMBEDDED}), the demo data
 * loads, the README's curl flow completes a call, the series the monitoring files read are exported, and
 * closing leaves no process behind.
 */
class LocalStackTest {
    @Test
    void theStackStartsServesTheDemoCallAndStopsWithoutOrphans() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "stack-");
        StackSettings settings = new StackSettings(dir, FreePorts.next(), FreePorts.next(), FreePorts.nextRange(10),
                FreePorts.nextRange(50), FreePorts.nextRange(3), "stack-test-admin-key-0001");
        List<Long> pids;
        try (LocalStack stack = LocalStack.start(settings)) {
            pids = stack.pids();
            assertEquals(3, pids.size(), "cassandra, the grid node serving the gateway, and ingest: " + pids);
            DemoData.load(stack.gatewayUrl(), settings.adminKey());
            DemoData.load(stack.gatewayUrl(), settings.adminKey()); // loading twice is harmless

            HttpClient http = HttpClient.newHttpClient();
            String account = DemoData.FUNDED_ACCOUNT;
            String authorise = post(http, stack.gatewayUrl() + "/v1/calls/authorise",
                    "{\"callId\":\"demo-call-1\",\"account\":\"" + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}");
            assertTrue(authorise.contains("\"decision\":\"ALLOW\""), authorise);
            post(http, stack.gatewayUrl() + "/v1/calls/start", "{\"callId\":\"demo-call-1\",\"account\":\"" + account + "\"}");
            String stop = post(http, stack.gatewayUrl() + "/v1/calls/stop",
                    "{\"callId\":\"demo-call-1\",\"account\":\"" + account + "\",\"durationSeconds\":95}");
            // 95 s on 30/6 -> 96 s; 0.005 + 96 x 0.02 / 60 = 0.037.
            assertTrue(stop.contains("\"cost\":\"0.037000\""), stop);
            assertTrue(stop.contains("\"balance\":\"9.963000\""), stop);
            // The stop's CDR leaves the outbox for Cassandra; ingest's own /metrics counts it.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            double written = 0;
            String metrics = "";
            while (written < 1 && System.nanoTime() < deadline) {
                metrics = get(http, stack.ingestMetricsUrl());
                java.util.regex.Matcher counted = java.util.regex.Pattern
                        .compile("(?m)^tollgrid_ingest_cdrs_written_total (\\S+)$").matcher(metrics);
                written = counted.find() ? Double.parseDouble(counted.group(1)) : 0;
                if (written < 1) {
                    Thread.sleep(200);
                }
            }
            assertEquals(1.0, written, "ingest's metrics count the demo call's CDR: " + metrics);
            assertTrue(metrics.contains("jvm_memory_bytes_used"), "ingest exports JVM metrics too");

            // The grid node's own endpoint: one server, and the demo call's CDR has left its outbox.
            // Ingest counts the CDR once written and removes the outbox entry just after.
            String gridMetrics = get(http, stack.gridMetricsUrl());
            long outboxDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!gridMetrics.contains("\ntollgrid_grid_outbox_entries 0.0\n") && System.nanoTime() < outboxDeadline) {
                Thread.sleep(200);
                gridMetrics = get(http, stack.gridMetricsUrl());
            }
            assertTrue(gridMetrics.contains("\ntollgrid_grid_outbox_entries 0.0\n"), gridMetrics);
            assertTrue(gridMetrics.contains("\ntollgrid_grid_server_nodes 1.0\n"), gridMetrics);
            assertTrue(gridMetrics.contains("\ntollgrid_grid_live_sessions 0.0\n"), gridMetrics);
            assertTrue(gridMetrics.contains("jvm_memory_bytes_used"), "grid nodes export JVM metrics too");

            // The README's CDR curl, as ./tollgrid up prints it (no range: the last 31 days), finds the demo call.
            HttpResponse<String> cdrs = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl()
                            + "/v1/accounts/" + account + "/cdrs")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + DemoData.TENANT_API_KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, cdrs.statusCode(), cdrs.body());
            assertTrue(cdrs.body().contains("\"callId\":\"demo-call-1\"") && cdrs.body().contains("\"count\":1"), cdrs.body());

            // Every series the Prometheus rules and the Grafana dashboard read is exported by a process.
            List<String> scrapes = List.of(get(http, stack.gatewayUrl() + "/metrics"), gridMetrics, metrics);
            Set<String> read = MonitoringFiles.metricNames();
            assertTrue(read.size() >= 10, "series read by the monitoring files: " + read);
            for (String series : read) {
                assertTrue(scrapes.stream().anyMatch(scrape -> MonitoringFiles.declares(scrape, series)),
                        series + " is read by ops/prometheus or ops/grafana but exported by no process");
            }
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left running");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
