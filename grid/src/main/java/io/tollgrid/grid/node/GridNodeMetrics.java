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
    private final GridQuorum quorum;

    private GridNodeMetrics(Ignite ignite, GridQuorum quorum) {
        this.ignite = ignite;
        this.quorum = quorum;
    }

    /** Registers the node's metrics in the default registry, where the metrics endpoint reads them. */
    public static GridNodeMetrics register(Ignite ignite, GridQuorum quorum) {
        return new GridNodeMetrics(ignite, quorum).register(CollectorRegistry.defaultRegistry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GridQuorum.View view = quorum.current();
        return List.of(
                new GaugeMetricFamily("tollgrid_grid_quorum",
                        "1 while this node's side of the grid holds a strict majority of the baseline and may charge; 0 while it refuses.",
                        view.holds() ? 1 : 0),
                new GaugeMetricFamily("tollgrid_grid_baseline_nodes",
                        "Server nodes in the baseline (the grid's data owners), as this node sees it.", view.baseline()),
                new GaugeMetricFamily("tollgrid_grid_baseline_nodes_alive",
                        "Baseline server nodes in this node's topology.", view.aliveBaseline()),
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
                        ChargingCore.batchFallbacks()),
                new CounterMetricFamily("tollgrid_grid_carrier_slot_underflows_total",
                        "Calls ended on this node whose carrier's concurrent-call counter was already 0 (a lost slot; 0 unless something is wrong).",
                        ChargingCore.carrierSlotUnderflows()),
                new CounterMetricFamily("tollgrid_grid_carrier_quality_dropped_total",
                        "Call outcomes this node dropped instead of adding them to a carrier's quality window (its queue was full).",
                        io.tollgrid.grid.routing.CarrierQuality.dropped()));
    }
}
