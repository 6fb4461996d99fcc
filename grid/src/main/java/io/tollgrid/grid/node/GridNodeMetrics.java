package io.tollgrid.grid.node;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.tollgrid.grid.charging.ChargingCore;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.CachePeekMode;

import java.util.List;

/**
 * What one grid server node reports at each scrape: the cluster as it sees it, the CDRs and calls in
 * progress whose primary copy it holds, and how its batches ran. Every value is read locally, so a scrape
 * never waits on another node.
 */
public final class GridNodeMetrics extends Collector {
    private final Ignite ignite;

    private GridNodeMetrics(Ignite ignite) {
        this.ignite = ignite;
    }

    /** Registers the node's metrics in the default registry, where the metrics endpoint reads them. */
    public static GridNodeMetrics register(Ignite ignite) {
        return new GridNodeMetrics(ignite).register(CollectorRegistry.defaultRegistry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return List.of(
                new GaugeMetricFamily("tollgrid_grid_server_nodes",
                        "Server nodes in the cluster topology, as this node sees it.",
                        ignite.cluster().forServers().nodes().size()),
                new GaugeMetricFamily("tollgrid_grid_outbox_entries",
                        "Rated CDRs in the outbox whose primary copy is on this node, not yet written to Cassandra by ingest.",
                        ignite.cache(Caches.CDR_OUTBOX).localSize(CachePeekMode.PRIMARY)),
                new GaugeMetricFamily("tollgrid_grid_live_sessions",
                        "Calls in progress whose primary copy is on this node.",
                        ignite.cache(Caches.LIVE_SESSIONS).localSize(CachePeekMode.PRIMARY)),
                new CounterMetricFamily("tollgrid_grid_batched_steps_total",
                        "Charging operations this node committed in a transaction shared by a batch.",
                        ChargingCore.batchedSteps()),
                new CounterMetricFamily("tollgrid_grid_batch_fallbacks_total",
                        "Shared batch transactions this node rolled back, whose operations then ran one transaction each.",
                        ChargingCore.batchFallbacks()));
    }
}
