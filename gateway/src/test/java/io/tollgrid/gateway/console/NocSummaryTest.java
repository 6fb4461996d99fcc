package io.tollgrid.gateway.console;

import com.sun.net.httpserver.HttpServer;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.node.GridQuorum;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NOC summary from the gateway's real metrics registry and from grid and ingest endpoints served over real
 * HTTP, one of them down: the summary still answers, and says which target did not.
 */
class NocSummaryTest {
    @Test
    void summarisesEveryProcessAndListsTheOneThatDoesNotAnswer() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.observe("/v1/calls/authorise", 200, 800_000);
        metrics.observe("/v1/calls/authorise", 200, 3_000_000);
        metrics.observe("/v1/accounts/{account}/balance", 200, 100_000_000);
        metrics.denied("INSUFFICIENT_CREDIT");
        metrics.denied("INSUFFICIENT_CREDIT");
        metrics.denied("CPS_LIMIT");
        metrics.callStarted();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve(server, "/grid", """
                tollgrid_grid_server_nodes 3.0
                tollgrid_grid_quorum 1.0
                tollgrid_grid_baseline_nodes 3.0
                tollgrid_grid_baseline_nodes_alive 3.0
                tollgrid_grid_outbox_entries 12.0
                tollgrid_grid_live_sessions 4.0
                """);
        serve(server, "/ingest", """
                tollgrid_ingest_cdrs_written_total 40.0
                tollgrid_ingest_file_lines_rejected_total{source="pbx",reason="UNPARSEABLE",} 2.0
                tollgrid_ingest_file_lines_rejected_total{source="pbx2",reason="UNPARSEABLE",} 1.0
                tollgrid_ingest_pushed_rejected_total{source="fs",reason="NOT_RATED",} 5.0
                tollgrid_ingest_outbox_backlog 7.0
                """);
        server.start();
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        String at = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            NocSummary summary = new NocSummary(metrics::scrape, () -> new GridQuorum.View(2, 3, true),
                    new NocTargets(List.of(at + "/grid", "http://127.0.0.1:" + dead + "/metrics"), List.of(at + "/ingest")));
            JsonObject noc = summary.read().get(10, TimeUnit.SECONDS);

            JsonObject gateway = noc.getJsonObject("gateway");
            assertEquals(2L, gateway.getJsonObject("authorise").getLong("requests"));
            assertEquals(0.001, gateway.getJsonObject("authorise").getDouble("p50Seconds"), "0.8 ms is in the 1 ms bucket");
            assertEquals(0.005, gateway.getJsonObject("authorise").getDouble("p99Seconds"));
            assertEquals(13, gateway.getJsonObject("authorise").getJsonArray("latencyBuckets").size());
            assertEquals(1L, gateway.getLong("callsInProgress"));
            assertEquals(new JsonObject().put("INSUFFICIENT_CREDIT", 2L).put("CPS_LIMIT", 1L), gateway.getJsonObject("denials"));
            assertEquals(2, gateway.getJsonObject("quorum").getInteger("baselineNodesAlive"));

            JsonObject grid = noc.getJsonObject("grid");
            assertEquals(3L, grid.getLong("serverNodes"));
            assertEquals(12L, grid.getLong("outboxEntries"));
            assertEquals(4L, grid.getLong("liveSessions"));
            assertTrue(grid.getJsonArray("nodes").getJsonObject(0).getBoolean("up"));
            JsonObject down = grid.getJsonArray("nodes").getJsonObject(1);
            assertFalse(down.getBoolean("up"));
            assertTrue(down.getString("error").startsWith("no answer"), down.encode());

            JsonObject ingest = noc.getJsonObject("ingest");
            assertEquals(8L, ingest.getLong("rejected"));
            assertEquals(new JsonObject().put("NOT_RATED", 5L).put("UNPARSEABLE", 3L), ingest.getJsonObject("rejectsByReason"));
            assertEquals(40L, ingest.getLong("cdrsWritten"));
            assertEquals(7L, ingest.getLong("outboxBacklog"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void targetsMustBeHttpUrls() {
        assertThrowsSetting(List.of("file:///etc/passwd"));
        assertThrowsSetting(List.of("127.0.0.1:9465/metrics"));
        assertEquals(List.of("http://10.0.0.5:9465/metrics"),
                new NocTargets(List.of("http://10.0.0.5:9465/metrics"), List.of()).gridMetrics());
    }

    private static void assertThrowsSetting(List<String> urls) {
        io.tollgrid.settings.SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.tollgrid.settings.SettingsException.class, () -> new NocTargets(urls, List.of()));
        assertEquals("gateway.noc.grid.metrics", e.key());
    }

    private static void serve(HttpServer server, String path, String text) {
        server.createContext(path, exchange -> {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
