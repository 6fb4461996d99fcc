package io.tollgrid.ingest.outbox;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Gauge;
import io.prometheus.client.GaugeMetricFamily;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.history.CdrStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The stop-event pipeline's metrics: its counters and gauges (one registration per JVM), the outbox backlog
 * as ingest sees it, read from the grid at each scrape ({@link #register}), and the CDR writes Cassandra answered
 * with a warning ({@link CdrStore#serverWarnings}: a batch over its size threshold logs every value twice).
 */
public final class OutboxMetrics extends Collector {
    static final Counter WRITTEN = Counter.build("tollgrid_ingest_cdrs_written_total",
            "Rated CDRs written to Cassandra from the grid outbox.").register();
    static final Counter REMOVED = Counter.build("tollgrid_ingest_outbox_removed_total",
            "Outbox entries removed by ingest after their CDR was written to Cassandra.").register();
    static final Counter REMOVE_FAILURES = Counter.build("tollgrid_ingest_outbox_remove_failures_total",
            "Bulk removals of written entries from the outbox that failed (each is retried).").register();
    static final Gauge UNREMOVED = Gauge.build("tollgrid_ingest_outbox_unremoved",
            "Outbox entries the sink received and has not removed yet (being written or waiting for their removal).")
            .register();
    static final Gauge IN_FLIGHT = Gauge.build("tollgrid_ingest_outbox_in_flight",
            "Outbox entries the source has emitted and not yet seen removed.").register();
    private static final Logger LOG = LoggerFactory.getLogger(OutboxMetrics.class);

    private final CdrOutbox outbox;

    private OutboxMetrics(CdrOutbox outbox) {
        this.outbox = outbox;
    }

    /** Exports the outbox backlog from the default registry until the returned collector is unregistered. */
    public static Collector register(CdrOutbox outbox) {
        return new OutboxMetrics(outbox).register(CollectorRegistry.defaultRegistry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        double backlog;
        try {
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            // The grid is unreachable (a reconnect in progress): no value rather than a wrong one.
            LOG.debug("outbox backlog unavailable: {}", e.toString());
            backlog = Double.NaN;
        }
        return List.of(new GaugeMetricFamily("tollgrid_ingest_outbox_backlog",
                "Entries waiting in the grid outbox (all nodes) for ingest to write them to Cassandra, read at each scrape.",
                backlog), new CounterMetricFamily("tollgrid_ingest_cassandra_warnings_total",
                "CDR writes Cassandra answered with a warning (a batch over batch_size_warn_threshold, say): each is "
                        + "logged by Cassandra and the driver.", CdrStore.serverWarnings()));
    }
}
