package io.tollgrid.grid.node;

import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The split-brain rule (docs/deployment.md, "Partitions"): a part of the grid may change money only while its
 * topology holds a strict majority of the baseline's server nodes. Of two sides of a partition at most one can;
 * a side with exactly half cannot, so a two-node grid stops charging when either node is gone.
 *
 * <p>The same rule guards twice: every cache refuses writes through {@link MajorityOfBaseline} (Ignite's topology
 * validator), and gateways ask {@link #current} before they send a call to the grid at all, so that a gateway
 * on the minority side answers at once instead of waiting for a transaction that is bound to fail.
 */
public final class GridQuorum {
    private static final Logger LOG = LoggerFactory.getLogger(GridQuorum.class);
    /** How long a computed view is reused while the topology version stays the same (a baseline change keeps it). */
    private static final long REUSE_NANOS = 1_000_000_000L;

    /**
     * What one node sees.
     *
     * @param aliveBaseline baseline server nodes present in its topology
     * @param baseline      server nodes in the baseline; 0 before the grid was first activated
     * @param active        whether the cluster is active (an inactive one holds no quorum)
     */
    public record View(int aliveBaseline, int baseline, boolean active) {
        public View {
            if (aliveBaseline < 0 || baseline < 0 || aliveBaseline > baseline) {
                throw new IllegalArgumentException("alive " + aliveBaseline + " of a baseline of " + baseline);
            }
        }

        /** Every baseline node is here (the cluster may still be inactive). */
        public boolean wholeBaseline() {
            return baseline > 0 && aliveBaseline == baseline;
        }

        /** Strictly more than half of the baseline is here, in an active cluster. */
        public boolean holds() {
            return active && baseline > 0 && 2 * aliveBaseline > baseline;
        }

        @Override
        public String toString() {
            return aliveBaseline + " of " + baseline + " baseline node(s)" + (active ? "" : ", cluster inactive");
        }
    }

    private final Ignite ignite;
    private volatile Cached cached = new Cached(-1, 0, new View(0, 0, false));

    private record Cached(long topologyVersion, long computedAtNanos, View view) {
    }

    public GridQuorum(Ignite ignite) {
        this.ignite = ignite;
    }

    long topologyVersion() {
        return ignite.cluster().topologyVersion();
    }

    /** The view from this node, recomputed when its topology changed and at least once a second. */
    public View current() {
        Cached last = cached;
        long version = ignite.cluster().topologyVersion();
        long now = System.nanoTime();
        if (version == last.topologyVersion() && now - last.computedAtNanos() < REUSE_NANOS) {
            return last.view();
        }
        View view = compute(ignite);
        cached = new Cached(version, now, view);
        return view;
    }

    /**
     * Partitions whose every copy left the topology are refused by their caches (READ_WRITE_SAFE) until they are
     * reset, even once their owners are back. They are reset only when the whole baseline is back and no node present
     * is marked as cut off ({@link CutOff}). A copy that returns to a grid where its partition is lost has its update
     * counter reset, so at the reset Ignite cannot tell an old copy from a new one and makes every copy present an
     * owner; a cut-off node's copy, which misses what the majority wrote without it, must therefore be gone by then
     * (its node comes back empty). Never earlier either, when the copy present could be an old one.
     *
     * @return how many caches had their lost partitions reset
     */
    public int resetLostPartitions() {
        View view = compute(ignite);
        if (!view.active() || !view.wholeBaseline()) {
            return 0;
        }
        List<String> lost = lostPartitionCaches();
        if (lost.isEmpty()) {
            return 0;
        }
        Set<Object> marked;
        try {
            marked = CutOff.markedServers(ignite, ignite.cluster().forServers());
        } catch (RuntimeException e) {
            LOG.warn("lost partitions in {} stay lost: could not ask the servers whether they were cut off ({})", lost,
                    e.toString());
            return 0;
        }
        if (!marked.isEmpty()) {
            LOG.warn("lost partitions in {} stay lost while {} (cut off from the majority) may hold old copies; they "
                    + "come back empty first", lost, marked);
            return 0;
        }
        LOG.warn("the whole baseline is back ({}), none of it cut off; resetting the lost partitions of {}", view, lost);
        ignite.resetLostPartitions(lost);
        return lost.size();
    }

    /** The caches with partitions lost, as this node sees them. */
    List<String> lostPartitionCaches() {
        List<String> lost = new ArrayList<>();
        for (String name : ignite.cacheNames()) {
            if (!ignite.cache(name).lostPartitions().isEmpty()) {
                lost.add(name);
            }
        }
        return lost;
    }

    Ignite ignite() {
        return ignite;
    }

    static View compute(Ignite ignite) {
        boolean active = ignite.cluster().state() == ClusterState.ACTIVE;
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        if (baseline == null) {
            return new View(0, 0, active);
        }
        return count(ignite.cluster().forServers().nodes(), baseline, active);
    }

    /** Baseline nodes among {@code topology} (server nodes of one topology version; clients are ignored). */
    static View count(Collection<ClusterNode> topology, Collection<? extends BaselineNode> baseline, boolean active) {
        Set<Object> present = new HashSet<>();
        for (ClusterNode node : topology) {
            if (!node.isClient()) {
                present.add(node.consistentId());
            }
        }
        int alive = 0;
        for (BaselineNode node : baseline) {
            if (present.contains(node.consistentId())) {
                alive++;
            }
        }
        return new View(alive, baseline.size(), active);
    }
}
