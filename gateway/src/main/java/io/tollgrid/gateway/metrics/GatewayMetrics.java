package io.tollgrid.gateway.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

/** Request rate and latency per endpoint, denials by reason, and calls in progress. */
public final class GatewayMetrics {
    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final Counter requests = Counter.build("tollgrid_gateway_requests_total", "HTTP requests by endpoint and status.")
            .labelNames("endpoint", "status").register(registry);
    private final Histogram latency = Histogram.build("tollgrid_gateway_request_seconds", "HTTP request latency by endpoint.")
            .labelNames("endpoint")
            .buckets(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);
    private final Counter denials = Counter.build("tollgrid_authorise_denied_total", "Authorisations denied, by reason.")
            .labelNames("reason").register(registry);
    private final Counter failedOpen = Counter.build("tollgrid_authorise_fail_open_total",
            "Calls a trusted trunk was allowed without the grid, because it did not answer in time; billed at stop.")
            .register(registry);
    private final Gauge callsInProgress = Gauge.build("tollgrid_calls_in_progress",
            "Calls authorised through this gateway and not yet stopped.").register(registry);

    private final Gauge reaped = Gauge.build("tollgrid_sessions_reaped",
            "Sessions the grid's reapers voided because their switch went silent (cluster-wide, since creation).")
            .register(registry);

    private final Counter authFailures = Counter.build("tollgrid_gateway_auth_failures_total",
            "Requests refused for their credentials (failed: 401), wrong guesses of a voucher code (guessed), or "
                    + "refused because their address or key is locked out after too many of both (locked: 429), by API.")
            .labelNames("api", "outcome").register(registry);

    private final Counter evapiEvents = Counter.build("tollgrid_gateway_evapi_events_total",
            "Switch events served over evapi, by event and the HTTP status their answer has.")
            .labelNames("event", "status").register(registry);
    private final Histogram evapiLatency = Histogram.build("tollgrid_gateway_evapi_event_seconds",
            "Time from an evapi event's arrival to its answer, by event.")
            .labelNames("event")
            .buckets(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
            .register(registry);

    public GatewayMetrics() {
        DefaultExports.register(registry);
    }

    public void observe(String endpoint, int status, long nanos) {
        requests.labels(endpoint, Integer.toString(status)).inc();
        latency.labels(endpoint).observe(nanos / 1e9);
    }

    /** {@code event} is one of a fixed set (authorise, start, interim, stop, invalid, refused). */
    public void evapiEvent(String event, int status, long nanos) {
        evapiEvents.labels(event, Integer.toString(status)).inc();
        evapiLatency.labels(event).observe(nanos / 1e9);
    }

    /** Exports how many evapi switches are connected now. */
    public void evapiLinks(java.util.function.IntSupplier connected) {
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(new io.prometheus.client.GaugeMetricFamily("tollgrid_gateway_evapi_links_connected",
                        "Evapi switches this gateway is connected to now.", connected.getAsInt()));
            }
        }.register(registry);
    }

    /** {@code api} is switch, tenant or admin; {@code outcome} failed or locked. */
    public void authFailure(String api, String outcome) {
        authFailures.labels(api, outcome).inc();
    }

    public void denied(String reason) {
        denials.labels(reason).inc();
    }

    public void failedOpen() {
        failedOpen.inc();
    }

    public void callStarted() {
        callsInProgress.inc();
    }

    public void callEnded() {
        callsInProgress.dec();
    }

    /**
     * Exports how the charging client batches: jobs sent to grid nodes and the operations they carried. The
     * ratio of their rates is the mean batch size; near 1 means calls rarely meet on their way to a node.
     */
    public void chargingBatches(LongSupplier batches, LongSupplier operations, LongSupplier batchesRunLocally) {
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(
                        new CounterMetricFamily("tollgrid_grid_batches_sent_total",
                                "Batch jobs this gateway sent to grid nodes.", batches.getAsLong()),
                        new CounterMetricFamily("tollgrid_grid_operations_sent_total",
                                "Charging operations this gateway sent to grid nodes, in those batches.",
                                operations.getAsLong()),
                        new CounterMetricFamily("tollgrid_grid_batches_run_locally_total",
                                "Of those batches, the ones this gateway ran inside its own grid node (embedded), without a job.",
                                batchesRunLocally.getAsLong()));
            }
        }.register(registry);
    }

    /**
     * Exports the notifier's deliveries by outcome: delivered, failed (given up), throttled (held back by the hourly
     * send limits and recorded THROTTLED) and retried (failed attempts to be tried again).
     */
    public void notifications(LongSupplier delivered, LongSupplier failed, LongSupplier throttled, LongSupplier retried) {
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                CounterMetricFamily family = new CounterMetricFamily("tollgrid_notify_deliveries_total",
                        "Notification deliveries of this gateway's notifier, by outcome.", List.of("outcome"));
                family.addMetric(List.of("delivered"), delivered.getAsLong());
                family.addMetric(List.of("failed"), failed.getAsLong());
                family.addMetric(List.of("throttled"), throttled.getAsLong());
                family.addMetric(List.of("retried"), retried.getAsLong());
                return List.of(family);
            }
        }.register(registry);
    }

    public void reapedSessions(long count) {
        reaped.set(count);
    }

    public String scrape() {
        StringWriter writer = new StringWriter();
        try {
            TextFormat.write004(writer, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }
}
