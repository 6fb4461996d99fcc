package io.tollgrid.ops.stack;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.monitoring.MonitoringFiles;
import io.vertx.core.json.JsonObject;
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
 * loads, the README's curls, run as printed, complete a call and find its CDR, the series the monitoring files read are exported, and
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
            // The README's demo session, each curl run as printed (only its port is the test stack's): authorise,
            // start, stop, balance. Its CDR curl runs once the CDR is in Cassandra, below.
            List<String> curls = ReadmeExamples.curls(ReadmeExamples.readme());
            assertEquals(5, curls.size(), "the README's demo curls: " + curls);
            Path curlHome = Files.createDirectories(dir.resolve("curl-home"));
            Files.writeString(curlHome.resolve(".curlrc"), "write-out = \"\\n%{http_code}\"\n");
            List<JsonObject> answers = new java.util.ArrayList<>();
            for (String curl : curls.subList(0, 4)) {
                answers.add(runAsPrinted(curl, stack.gatewayUrl(), curlHome));
            }
            assertEquals("ALLOW", answers.get(0).getString("decision"), answers.get(0).encode());
            assertEquals("ANSWERED", answers.get(1).getString("state"), answers.get(1).encode());
            // 95 s on 30/6 -> 96 s; 0.005 + 96 x 0.02 / 60 = 0.037.
            assertEquals("0.037000", answers.get(2).getString("cost"), answers.get(2).encode());
            assertEquals("9.963000", answers.get(2).getString("balance"), answers.get(2).encode());
            assertEquals("9.963000", answers.get(3).getString("balance"), answers.get(3).encode());
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

            // The README's CDR curl, as printed (no range: the last 31 days), finds the demo call.
            JsonObject cdrs = runAsPrinted(curls.get(4), stack.gatewayUrl(), curlHome);
            assertEquals(1, cdrs.getInteger("count"), cdrs.encode());
            assertEquals("demo-call-1", cdrs.getJsonArray("cdrs").getJsonObject(0).getString("callId"), cdrs.encode());

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

    /**
     * Runs one README command line with bash, exactly as printed but for the gateway's address (the README's 8080 is
     * the stack's port here); curl reads {@code write-out} from the test's {@code .curlrc}, so the HTTP status follows
     * the body. Asserts a 200 with a JSON object and answers that object.
     */
    private static JsonObject runAsPrinted(String command, String gatewayUrl, Path curlHome) throws Exception {
        assertTrue(command.contains("http://127.0.0.1:8080/"), "the README's examples call the default gateway: " + command);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command.replace("http://127.0.0.1:8080", gatewayUrl))
                .redirectErrorStream(true);
        builder.environment().put("CURL_HOME", curlHome.toString());
        builder.environment().put("HOME", curlHome.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), command);
        assertEquals(0, process.exitValue(), command + "\n" + output);
        int lastLine = output.lastIndexOf('\n');
        assertTrue(lastLine > 0, command + "\n" + output);
        assertEquals("200", output.substring(lastLine + 1).strip(), command + "\n" + output);
        return new JsonObject(output.substring(0, lastLine));
    }
}
