package io.tollgrid.gateway.console;

import io.tollgrid.grid.node.GridQuorum;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the NOC page shows, in one JSON document: this gateway's own series (read in-process), and each grid
 * node's and ingest process's, read from their {@code /metrics} endpoints over HTTP (the only way in: the console
 * never reaches into another process). Counters are totals since each process started; the page takes rates
 * (calls per second) and latency quantiles over its own polling interval from the difference of two answers.
 * A target that does not answer within {@link #TIMEOUT} is listed as down, and the rest is still answered.
 */
public final class NocSummary {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A target's answer is read up to this size; a larger one is refused as not a metrics endpoint. */
    static final int MAX_SCRAPE_BYTES = 4 * 1024 * 1024;
    static final String AUTHORISE = "/v1/calls/authorise";

    private final Supplier<String> ownScrape;
    private final Supplier<GridQuorum.View> quorum;
    private final NocTargets targets;
    private final HttpClient http;

    public NocSummary(Supplier<String> ownScrape, Supplier<GridQuorum.View> quorum, NocTargets targets) {
        this.ownScrape = ownScrape;
        this.quorum = quorum;
        this.targets = targets;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Scrapes the grid nodes and ingest processes at once; completes when each has answered or timed out. */
    public CompletableFuture<JsonObject> read() {
        List<CompletableFuture<Scrape>> grid = targets.gridMetrics().stream().map(this::scrape).toList();
        List<CompletableFuture<Scrape>> ingest = targets.ingestMetrics().stream().map(this::scrape).toList();
        List<CompletableFuture<Scrape>> all = new ArrayList<>(grid);
        all.addAll(ingest);
        // Async: the gateway's own scrape samples the JVM too, which does not belong on an event loop.
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> new JsonObject()
                .put("at", Instant.now().toString())
                .put("gateway", gateway(PrometheusText.parse(ownScrape.get()), quorum.get()))
                .put("grid", grid(grid.stream().map(CompletableFuture::join).toList()))
                .put("ingest", ingest(ingest.stream().map(CompletableFuture::join).toList())));
    }

    /** This gateway: authorise requests and their latency histogram, calls in progress, denials by reason. */
    static JsonObject gateway(PrometheusText metrics, GridQuorum.View quorum) {
        JsonArray buckets = new JsonArray();
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (PrometheusText.Sample bucket : metrics.series("tollgrid_gateway_request_seconds_bucket")) {
            if (AUTHORISE.equals(bucket.label("endpoint"))) {
                cumulative.merge(Double.parseDouble(bucket.label("le").replace("+Inf", "Infinity")), bucket.value(), Double::sum);
            }
        }
        cumulative.forEach((le, count) -> buckets.add(new JsonObject()
                .put("le", le.isInfinite() ? "+Inf" : le.toString()).put("count", count.longValue())));
        JsonObject denials = new JsonObject();
        for (PrometheusText.Sample denial : metrics.series("tollgrid_authorise_denied_total")) {
            denials.put(denial.label("reason"), (long) denial.value() + denials.getLong(denial.label("reason"), 0L));
        }
        long viaEvapi = (long) metrics.sum("tollgrid_gateway_evapi_events_total", s -> "authorise".equals(s.label("event")));
        long viaHttp = (long) metrics.sum("tollgrid_gateway_requests_total", s -> AUTHORISE.equals(s.label("endpoint")));
        return new JsonObject()
                .put("authorise", new JsonObject()
                        .put("requests", viaHttp + viaEvapi)
                        .put("http", viaHttp)
                        .put("evapi", viaEvapi)
                        .put("latencyBuckets", buckets)
                        .put("p50Seconds", quantile(cumulative, 0.50))
                        .put("p99Seconds", quantile(cumulative, 0.99)))
                .put("callsInProgress", (long) metrics.sum("tollgrid_calls_in_progress"))
                .put("denials", denials)
                .put("failOpen", (long) metrics.sum("tollgrid_authorise_fail_open_total"))
                .put("quorum", new JsonObject().put("holds", quorum.holds()).put("baselineNodes", quorum.baseline())
                        .put("baselineNodesAlive", quorum.aliveBaseline()));
    }

    /**
     * The upper bound of the bucket that holds quantile {@code q} of a cumulative histogram (the bucket's
     * {@code le}, as Prometheus's histogram_quantile would reach at most); null without observations.
     */
    static Double quantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return null;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey().isInfinite() ? null : bucket.getKey();
            }
        }
        return null;
    }

    static JsonObject grid(List<Scrape> scrapes) {
        JsonArray nodes = new JsonArray();
        long outbox = 0;
        long live = 0;
        long servers = 0;
        for (Scrape scrape : scrapes) {
            JsonObject node = new JsonObject().put("url", scrape.url()).put("up", scrape.metrics() != null);
            if (scrape.metrics() == null) {
                nodes.add(node.put("error", scrape.error()));
                continue;
            }
            PrometheusText m = scrape.metrics();
            long nodeOutbox = (long) m.sum("tollgrid_grid_outbox_entries");
            long nodeLive = (long) m.sum("tollgrid_grid_live_sessions");
            long nodeServers = (long) m.sum("tollgrid_grid_server_nodes");
            outbox += nodeOutbox;
            live += nodeLive;
            servers = Math.max(servers, nodeServers);
            nodes.add(node.put("serverNodes", nodeServers)
                    .put("quorum", m.sum("tollgrid_grid_quorum") >= 1)
                    .put("baselineNodes", (long) m.sum("tollgrid_grid_baseline_nodes"))
                    .put("baselineNodesAlive", (long) m.sum("tollgrid_grid_baseline_nodes_alive"))
                    .put("outboxEntries", nodeOutbox)
                    .put("liveSessions", nodeLive));
        }
        return new JsonObject().put("nodes", nodes).put("serverNodes", servers).put("outboxEntries", outbox)
                .put("liveSessions", live);
    }

    static JsonObject ingest(List<Scrape> scrapes) {
        JsonArray processes = new JsonArray();
        long written = 0;
        long rejected = 0;
        long backlog = 0;
        TreeMap<String, Long> byReason = new TreeMap<>();
        for (Scrape scrape : scrapes) {
            JsonObject process = new JsonObject().put("url", scrape.url()).put("up", scrape.metrics() != null);
            if (scrape.metrics() == null) {
                processes.add(process.put("error", scrape.error()));
                continue;
            }
            PrometheusText m = scrape.metrics();
            long own = 0;
            for (String series : List.of("tollgrid_ingest_file_lines_rejected_total", "tollgrid_ingest_pushed_rejected_total")) {
                for (PrometheusText.Sample sample : m.series(series)) {
                    String reason = sample.label("reason") == null ? "unknown" : sample.label("reason");
                    byReason.merge(reason, (long) sample.value(), Long::sum);
                    own += (long) sample.value();
                }
            }
            long ownWritten = (long) (m.sum("tollgrid_ingest_cdrs_written_total") + m.sum("tollgrid_ingest_file_cdrs_written_total")
                    + m.sum("tollgrid_ingest_pushed_cdrs_written_total"));
            long ownBacklog = (long) m.sum("tollgrid_ingest_outbox_backlog");
            written += ownWritten;
            rejected += own;
            backlog += ownBacklog;
            processes.add(process.put("cdrsWritten", ownWritten).put("rejected", own).put("outboxBacklog", ownBacklog)
                    .put("pushRefused", (long) m.sum("tollgrid_ingest_push_refused_total")));
        }
        JsonObject reasons = new JsonObject();
        byReason.forEach(reasons::put);
        return new JsonObject().put("processes", processes).put("cdrsWritten", written).put("rejected", rejected)
                .put("rejectsByReason", reasons).put("outboxBacklog", backlog);
    }

    /** A target's parsed metrics, or why there are none. */
    record Scrape(String url, PrometheusText metrics, String error) {
    }

    private CompletableFuture<Scrape> scrape(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).handle((response, error) -> {
            if (error != null) {
                return new Scrape(url, null, "no answer: " + rootMessage(error));
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return new Scrape(url, null, "HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_SCRAPE_BYTES + 1);
                if (bytes.length > MAX_SCRAPE_BYTES) {
                    return new Scrape(url, null, "answer larger than " + MAX_SCRAPE_BYTES + " bytes");
                }
                return new Scrape(url, PrometheusText.parse(new String(bytes, StandardCharsets.UTF_8)), null);
            } catch (IOException e) {
                return new Scrape(url, null, "no answer: " + rootMessage(e));
            }
        });
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
}
