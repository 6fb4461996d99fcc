package io.tollgrid.grid.node;

import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.TopologyValidator;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.Collection;

/**
 * Ignite's topology validator set on every cache: a topology without a strict majority of the baseline may read
 * but not write ({@link GridQuorum}). Ignite asks it on every topology change; while it says no, puts fail and
 * transaction commits throw, so the minority side of a partition cannot move money even if a caller reaches it.
 */
final class MajorityOfBaseline implements TopologyValidator {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public boolean validate(Collection<ClusterNode> nodes) {
        if (ignite == null) {
            throw new IllegalStateException("Ignite did not inject its instance into the topology validator");
        }
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        // No baseline yet: the cluster is being activated for the first time and nothing has been written.
        return baseline == null || GridQuorum.count(nodes, baseline, true).holds();
    }

    // Caches of one group must have equal validators, and every instance applies the same rule.
    @Override
    public boolean equals(Object other) {
        return other instanceof MajorityOfBaseline;
    }

    @Override
    public int hashCode() {
        return MajorityOfBaseline.class.hashCode();
    }
}
