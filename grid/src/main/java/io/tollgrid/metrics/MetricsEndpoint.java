package io.tollgrid.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on one thread of its own. The JDK's HTTP server is
 * enough for one scrape every few seconds, and keeps grid nodes and ingest free of a web framework.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint a process's settings ask for: {@code PROCESS.metrics.port} (0 turns it off) on
     * {@code PROCESS.metrics.host} (all interfaces by default). Call it before anything else starts, so
     * that a taken port stops the process before threads that would keep it alive are running.
     */
    public static Optional<MetricsEndpoint> startFrom(Settings settings, String process, int defaultPort) {
        int port = settings.integer(process + ".metrics.port", defaultPort, 0, 65535);
        String host = settings.string(process + ".metrics.host", "0.0.0.0");
        if (port == 0) {
            return Optional.empty();
        }
        MetricsEndpoint endpoint = start(host, port);
        LOG.info("{} metrics on http://{}:{}/metrics", process, host, endpoint.port());
        return Optional.of(endpoint);
    }

    private static MetricsEndpoint start(String host, int port) {
        DefaultExports.initialize();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/metrics", MetricsEndpoint::scrape);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "metrics-http");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new MetricsEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            StringWriter text = new StringWriter();
            TextFormat.write004(text, CollectorRegistry.defaultRegistry.metricFamilySamples());
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", TextFormat.CONTENT_TYPE_004);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
