package io.tollgrid.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.ingest.files.CdrFilePipeline;
import io.tollgrid.ingest.files.LineArchive;
import io.tollgrid.ingest.files.PlanPrices;
import io.tollgrid.ingest.files.Retention;
import io.tollgrid.ingest.outbox.OutboxMetrics;
import io.tollgrid.ingest.posting.CdrPoster;
import io.tollgrid.ingest.outbox.StopEventPipeline;
import io.tollgrid.ingest.push.PushSettings;
import io.tollgrid.ingest.push.PushSources;
import org.apache.ignite.Ignite;

import java.util.function.ToIntFunction;

/**
 * One ingest process: an Ignite client (to read the outbox and the rate plans), a Cassandra session (to write
 * CDRs) and an embedded Hazelcast member with Jet that runs the pipelines: stop events always, CDR files when
 * sources are configured; and the push sources (TCP and HTTP, {@link PushSources}) when configured.
 * {@link #close()} stops them all.
 */
public final class Ingest implements AutoCloseable {
    /** How often the days CDRs were written to are rolled up again: how far reports may trail the CDRs. */
    public static final java.time.Duration ROLLUP_INTERVAL = java.time.Duration.ofSeconds(2);
    private final Ignite ignite;
    private final CqlSession cassandra;
    private final HazelcastInstance hazelcast;
    private final Job stopEvents;
    private final Job files;
    private final Collector outboxMetrics;
    private final PushSources push;
    private final RollupRefresher rollups;
    /** The grid's charging API, through which posting sources post; null when none posts. */
    private final ChargingClient charging;
    private final CdrPoster poster;

    private Ingest(Ignite ignite, CqlSession cassandra, HazelcastInstance hazelcast, Job stopEvents, Job files,
                   Collector outboxMetrics, PushSources push, RollupRefresher rollups, ChargingClient charging,
                   CdrPoster poster) {
        this.ignite = ignite;
        this.cassandra = cassandra;
        this.hazelcast = hazelcast;
        this.stopEvents = stopEvents;
        this.files = files;
        this.outboxMetrics = outboxMetrics;
        this.push = push;
        this.rollups = rollups;
        this.charging = charging;
        this.poster = poster;
    }

    public static Ingest start(IngestSettings settings) {
        return start(settings, PushSettings.NONE);
    }

    public static Ingest start(IngestSettings settings, PushSettings pushSettings) {
        return start(settings, pushSettings, Retention.DEFAULT_FOR_EVERY_TENANT);
    }

    /** @param tenantRetention each tenant's retention: the TTL of its stop-event CDRs ({@link Retention#ofTenants}) */
    public static Ingest start(IngestSettings settings, PushSettings pushSettings, ToIntFunction<String> tenantRetention) {
        Ignite ignite = GridNodes.startClient(settings.grid());
        CqlSession cassandra = null;
        PushSources push = null;
        RollupRefresher rollups = null;
        ChargingClient charging = null;
        try {
            cassandra = settings.cassandra().openSession();
            CdrStore store = CdrStore.open(cassandra, settings.keyspace(), settings.replication());
            // Before any pipeline writes: every CDR written through the store from here on is rolled up.
            rollups = RollupRefresher.start(store, DailyRollups.open(cassandra, store), ROLLUP_INTERVAL);
            CdrOutbox outbox = new CdrOutbox(ignite);
            Config config = hazelcastConfig(settings, outbox, store);
            config.getUserContext().put(StopEventPipeline.RETENTION_KEY, tenantRetention);
            PlanPrices prices = new PlanPrices(ignite);
            boolean posting = settings.files().sources().stream().anyMatch(source -> source.posting().post())
                    || pushSettings.sources().stream().anyMatch(source -> source.posting().post());
            CdrPoster poster = null;
            if (posting) {
                charging = new ChargingClient(ignite);
                poster = new CdrPoster(charging, cassandra, settings.keyspace());
            }
            if (settings.files().enabled()) {
                config.getUserContext().putAll(CdrFilePipeline.userContext(settings.files(),
                        LineArchive.open(cassandra, settings.keyspace()), prices));
                if (poster != null) {
                    config.getUserContext().put(CdrFilePipeline.POSTER_KEY, poster);
                }
            }
            for (var source : pushSettings.sources()) {
                if (settings.files().sources().stream().anyMatch(file -> file.id().equals(source.id()))) {
                    throw new IllegalArgumentException("source id " + source.id() + " is both a file and a push source");
                }
            }
            if (pushSettings.tcpEnabled() || pushSettings.httpEnabled()) {
                push = PushSources.start(pushSettings, settings.files().sources(),
                        LineArchive.open(cassandra, settings.keyspace()), prices, store, poster);
            }
            HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
            Job job = hazelcast.getJet().newJobIfAbsent(StopEventPipeline.build(),
                    new JobConfig().setName(StopEventPipeline.JOB_NAME));
            Job fileJob = settings.files().enabled()
                    ? hazelcast.getJet().newJobIfAbsent(CdrFilePipeline.build(StopEventPipeline.CDR_STORE_KEY),
                            new JobConfig().setName(CdrFilePipeline.JOB_NAME))
                    : null;
            return new Ingest(ignite, cassandra, hazelcast, job, fileJob, OutboxMetrics.register(outbox), push, rollups,
                    charging, poster);
        } catch (RuntimeException e) {
            if (charging != null) {
                charging.close();
            }
            if (push != null) {
                push.close();
            }
            if (rollups != null) {
                rollups.close();
            }
            if (cassandra != null) {
                cassandra.close();
            }
            ignite.close();
            throw e;
        }
    }

    private static Config hazelcastConfig(IngestSettings settings, CdrOutbox outbox, CdrStore store) {
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
        // Bound to and advertising one address (ingest.hazelcast.address), joining through a fixed member list.
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getNetworkConfig().setPort(settings.hazelcastPort()).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(settings.hazelcastAddress());
        config.getNetworkConfig().setPublicAddress(settings.hazelcastAddress());
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.hazelcastMemberAddresses());
        config.getUserContext().put(StopEventPipeline.OUTBOX_KEY, outbox);
        config.getUserContext().put(StopEventPipeline.CDR_STORE_KEY, store);
        return config;
    }

    public Job stopEventJob() {
        return stopEvents;
    }

    /** The CDR file job, or null when no file source is configured. */
    public Job fileJob() {
        return files;
    }

    /** The refresher keeping the daily rollups following the CDRs this process writes. */
    public RollupRefresher rollups() {
        return rollups;
    }

    /** The TCP and HTTP sources, or null when none is configured. */
    public PushSources push() {
        return push;
    }

    @Override
    public void close() {
        CollectorRegistry.defaultRegistry.unregister(outboxMetrics);
        if (poster != null) {
            poster.close();
        }
        if (push != null) {
            push.close();
        }
        try {
            hazelcast.shutdown();
        } finally {
            try {
                rollups.close();
                cassandra.close();
            } finally {
                if (charging != null) {
                    charging.close();
                }
                ignite.close();
            }
        }
    }
}
