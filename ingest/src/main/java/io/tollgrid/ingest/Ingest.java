package io.tollgrid.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.history.CdrStore;
import io.tollgrid.ingest.outbox.StopEventPipeline;
import org.apache.ignite.Ignite;

/**
 * One ingest process: an Ignite client (to read the outbox), a Cassandra session (to write CDRs) and an
 * embedded Hazelcast member with Jet that runs the pipelines. {@link #close()} stops all three.
 */
public final class Ingest implements AutoCloseable {
    private final Ignite ignite;
    private final CqlSession cassandra;
    private final HazelcastInstance hazelcast;
    private final Job stopEvents;

    private Ingest(Ignite ignite, CqlSession cassandra, HazelcastInstance hazelcast, Job stopEvents) {
        this.ignite = ignite;
        this.cassandra = cassandra;
        this.hazelcast = hazelcast;
        this.stopEvents = stopEvents;
    }

    public static Ingest start(IngestSettings settings) {
        Ignite ignite = GridNodes.startClient(settings.grid());
        CqlSession cassandra = null;
        try {
            cassandra = settings.cassandra().openSession();
            CdrStore store = CdrStore.open(cassandra, settings.keyspace(), settings.replication());
            HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig(settings, ignite, store));
            Job job = hazelcast.getJet().newJobIfAbsent(StopEventPipeline.build(),
                    new JobConfig().setName(StopEventPipeline.JOB_NAME));
            return new Ingest(ignite, cassandra, hazelcast, job);
        } catch (RuntimeException e) {
            if (cassandra != null) {
                cassandra.close();
            }
            ignite.close();
            throw e;
        }
    }

    private static Config hazelcastConfig(IngestSettings settings, Ignite ignite, CdrStore store) {
        Config config = new Config()
                .setClusterName(settings.clusterName())
                .setInstanceName(settings.grid().instanceName() + "-hz");
        config.getJetConfig().setEnabled(true);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Idle Jet workers back off to a 5 ms sleep instead of 0.5 ms: a CDR reaches Cassandra a few ms later,
        // and an idle member stops costing a tenth of a core on a box it shares with the grid and the gateway.
        config.setProperty("hazelcast.jet.idle.cooperative.max.microseconds", "5000");
        config.setProperty("hazelcast.jet.idle.noncooperative.max.microseconds", "5000");
        config.getNetworkConfig().setPort(settings.hazelcastPort()).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + settings.hazelcastPort());
        config.getUserContext().put(StopEventPipeline.IGNITE_KEY, ignite);
        config.getUserContext().put(StopEventPipeline.CDR_STORE_KEY, store);
        return config;
    }

    public Job stopEventJob() {
        return stopEvents;
    }

    @Override
    public void close() {
        try {
            hazelcast.shutdown();
        } finally {
            try {
                cassandra.close();
            } finally {
                ignite.close();
            }
        }
    }
}
