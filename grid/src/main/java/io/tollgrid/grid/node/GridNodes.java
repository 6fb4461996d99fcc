package io.tollgrid.grid.node;

import io.tollgrid.grid.charging.ChargingPolicy;
import io.tollgrid.grid.charging.SessionReaper;
import io.tollgrid.grid.product.ChargeScheduler;
import io.tollgrid.grid.rateplan.NodeDecks;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Builds Ignite configurations and starts server and client nodes. */
public final class GridNodes {
    private static final Logger LOG = LoggerFactory.getLogger(GridNodes.class);
    private GridNodes() {
    }

    /** How long a starting node waits for a quorum of servers (see {@link #startServer}) before it gives up. */
    public static final Duration ACTIVATION_WAIT = Duration.ofSeconds(180);
    /** How long a client and its router server go without hearing from each other before either gives up. */
    static final long CLIENT_FAILURE_DETECTION_MILLIS = 10_000;

    /**
     * Starts a server node that holds data. A cluster that is not active yet is activated once the expected
     * number of servers have joined; a restarted persistent cluster activates itself when its baseline is back.
     */
    public static Ignite startServer(GridSettings settings) {
        return startServer(settings, ChargingPolicy.DEFAULTS);
    }

    /** Starts a server node with the given charging policy; its session reaper runs while the node runs. */
    public static Ignite startServer(GridSettings settings, ChargingPolicy policy) {
        return startServer(settings, policy, ACTIVATION_WAIT);
    }

    /**
     * Starts a server node and waits until its cluster is active. A new grid (no baseline yet) is activated once
     * {@code expectedServers} servers have joined, and they become the baseline. A grid restarted from its files is
     * activated once its <em>whole</em> baseline is back. Activating with some node missing would make the copies
     * present the owners of their partitions even where the missing node holds the newer copy (one that kept
     * charging while another was down and restarting), and the grid would go back in time for those accounts; the
     * chaos run showed exactly that. A node lost for good is an operator's act: activate, then
     * {@link #adoptServersAsBaseline}. A node that joins a cluster that is already active needs none of this: it
     * catches up from the owners.
     *
     * <p>The baseline then stays as it is: it does not follow nodes that leave or join. A baseline that shrank with
     * the nodes a partition cut off would let the minority side call itself a majority.
     *
     * <p>A node alone past {@code activationWait} gives up (and its supervisor starts it again): it may be the one a
     * partition cut off, running as a cluster of its own that Ignite will never merge with the others, and a fresh
     * start is how it joins them. A node with company keeps waiting for the rest of the baseline.
     *
     * @throws IllegalStateException when the node was alone and inactive for {@code activationWait}; it is closed
     */
    public static Ignite startServer(GridSettings settings, ChargingPolicy policy, Duration activationWait) {
        lookBeforeJoiningIfCutOff(settings);
        Ignite ignite = Ignition.start(configuration(settings, false).setLifecycleBeans(new SessionReaper(policy), new NodeDecks(),
                new ChargeScheduler()));
        long deadline = System.nanoTime() + activationWait.toNanos();
        while (ignite.cluster().state() != ClusterState.ACTIVE) {
            boolean newGrid = ignite.cluster().currentBaselineTopology() == null;
            GridQuorum.View returned = GridQuorum.compute(ignite);
            int servers = ignite.cluster().forServers().nodes().size();
            if (newGrid ? servers >= settings.expectedServers() : returned.wholeBaseline()) {
                ignite.cluster().state(ClusterState.ACTIVE);
                break;
            }
            if (System.nanoTime() > deadline && servers <= 1) {
                String seen = newGrid ? settings.expectedServers() + " expected" : "baseline " + returned;
                ignite.close();
                throw new IllegalStateException("alone and inactive for " + activationWait + " (" + seen + ")");
            }
            sleep(200);
        }
        ignite.cluster().baselineAutoAdjustEnabled(false);
        return ignite;
    }

    /**
     * A node that ended itself for lack of quorum ({@link CutOff}) looks at the grid before it joins: if unmarked nodes
     * ran on as a majority without it, its files are moved aside and it joins empty; if an active grid still lacks that
     * majority, or no grid answers (fewer than {@link CutOff#NOBODY_ATTEMPTS} times in a row), it does not join and the
     * start fails, to be retried by its supervisor.
     *
     * @throws IllegalStateException when the node must not join yet
     */
    private static void lookBeforeJoiningIfCutOff(GridSettings settings) {
        Path workDirectory = settings.workDir().resolve("servers").toAbsolutePath();
        Path marker = CutOff.marker(workDirectory, settings.instanceName());
        if (!settings.persistence() || !Files.exists(marker)) {
            return;
        }
        try {
            CutOff.Probe probe = CutOff.probe(settings);
            LOG.warn("{} was cut off from the majority ({}); looked at the grid first: {}", settings.instanceName(),
                    Files.readAllLines(marker).get(0), probe);
            if (probe != CutOff.Probe.NOBODY) {
                CutOff.resetNobody(marker);
            }
            switch (probe) {
                case MAJORITY_WITHOUT_US -> LOG.warn("the majority ran on without {}: its files moved to {}; it joins "
                        + "empty and takes every partition from the owners", settings.instanceName(),
                        CutOff.setAside(workDirectory, settings.instanceName()));
                case INACTIVE -> {
                }
                case ACTIVE_WITHOUT_MAJORITY -> throw new IllegalStateException("the grid is active without a majority "
                        + "of unmarked nodes; " + settings.instanceName() + " waits for it before joining");
                case NOBODY -> {
                    if (CutOff.nobodyAttempts(marker) + 1 < CutOff.NOBODY_ATTEMPTS) {
                        CutOff.recordNobody(marker);
                        throw new IllegalStateException("no grid answered; " + settings.instanceName()
                                + " looks again at its next start");
                    }
                    LOG.warn("no grid answered {} times in a row: {} starts with its files", CutOff.NOBODY_ATTEMPTS,
                            settings.instanceName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or move the files of " + settings.instanceName(), e);
        }
    }

    /**
     * Makes the servers now in the topology the baseline: how an operator adds a node to the grid for good, or
     * drops one that will not come back. Refused without a quorum, so that no minority can make itself a majority.
     *
     * @return the new baseline's size
     */
    public static int adoptServersAsBaseline(Ignite ignite) {
        GridQuorum.View view = GridQuorum.compute(ignite);
        if (!view.holds()) {
            throw new IllegalStateException("this side of the grid holds no quorum (" + view + "); the baseline stays");
        }
        ignite.cluster().setBaselineTopology(ignite.cluster().topologyVersion());
        return ignite.cluster().currentBaselineTopology().size();
    }

    /** Starts a client node (gateway, ingest): it routes requests to the owners and holds no data. */
    public static Ignite startClient(GridSettings settings) {
        return Ignition.start(configuration(settings, true));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for grid servers", e);
        }
    }

    static IgniteConfiguration configuration(GridSettings settings, boolean client) {
        IgniteConfiguration config = new IgniteConfiguration()
                .setIgniteInstanceName(settings.instanceName())
                .setLocalHost(settings.localAddress())
                .setClientMode(client)
                .setGridLogger(new IgniteSlf4jLogger())
                .setWorkDirectory(settings.workDir().resolve(client ? "clients" : "servers").toAbsolutePath().toString())
                .setPeerClassLoadingEnabled(false)
                .setMetricsLogFrequency(0)
                .setClientConnectorConfiguration(null)
                .setConnectorConfiguration(null)
                .setDiscoverySpi(discovery(settings))
                .setCommunicationSpi(communication(settings));
        // A client (gateway, ingest) routes discovery through one server; when that server dies the client must
        // notice within seconds and join through another, or every request waits on a node that is gone.
        config.setClientFailureDetectionTimeout(CLIENT_FAILURE_DETECTION_MILLIS);
        if (!client) {
            config.setConsistentId(settings.instanceName());
            config.setDataStorageConfiguration(storage(settings));
            config.setCacheConfiguration(Caches.all(settings.backups()));
        }
        return config;
    }

    private static TcpDiscoverySpi discovery(GridSettings settings) {
        // Bound to, and advertising, one address: with a wildcard Ignite advertises every interface of the host,
        // and a peer may try (and time out on) addresses it cannot reach.
        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(settings.discoveryPeers());
        TcpDiscoverySpi spi = new TcpDiscoverySpi();
        spi.setLocalAddress(settings.localAddress());
        spi.setLocalPort(settings.discoveryPort());
        spi.setLocalPortRange(settings.discoveryPorts() - 1);
        spi.setIpFinder(finder);
        return spi;
    }

    private static TcpCommunicationSpi communication(GridSettings settings) {
        TcpCommunicationSpi spi = new TcpCommunicationSpi();
        spi.setLocalAddress(settings.localAddress());
        spi.setLocalPort(settings.communicationPort());
        spi.setLocalPortRange(50);
        return spi;
    }

    private static DataStorageConfiguration storage(GridSettings settings) {
        DataRegionConfiguration region = new DataRegionConfiguration()
                .setName("default")
                .setPersistenceEnabled(settings.persistence())
                .setInitialSize(Math.min(settings.dataRegionBytes(), 64L * 1024 * 1024))
                .setMaxSize(settings.dataRegionBytes());
        // LOG_ONLY: an acknowledged transaction survives a process crash; FSYNC would also survive power loss at
        // several times the latency. Small WAL segments keep a node's disk footprint modest on a shared host.
        return new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(region)
                .setWalMode(WALMode.LOG_ONLY)
                .setWalSegmentSize(16 * 1024 * 1024)
                .setWalSegments(4)
                .setMaxWalArchiveSize(256L * 1024 * 1024);
    }
}
