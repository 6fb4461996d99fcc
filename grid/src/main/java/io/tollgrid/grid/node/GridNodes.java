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

import java.time.Duration;

/** Builds Ignite configurations and starts server and client nodes. */
public final class GridNodes {
    private GridNodes() {
    }

    /** How long a new node waits for the expected number of servers before it gives up. */
    static final Duration ACTIVATION_WAIT = Duration.ofSeconds(180);
    /** How long the baseline waits before it follows a node joining or leaving for good. */
    static final long BASELINE_ADJUST_MILLIS = 60_000;
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
        Ignite ignite = Ignition.start(configuration(settings, false).setLifecycleBeans(new SessionReaper(policy), new NodeDecks(),
                new ChargeScheduler()));
        long deadline = System.nanoTime() + ACTIVATION_WAIT.toNanos();
        while (ignite.cluster().state() != ClusterState.ACTIVE) {
            if (ignite.cluster().forServers().nodes().size() >= settings.expectedServers()) {
                ignite.cluster().state(ClusterState.ACTIVE);
                break;
            }
            if (System.nanoTime() > deadline) {
                ignite.close();
                throw new IllegalStateException("only " + ignite.cluster().forServers().nodes().size() + " of "
                        + settings.expectedServers() + " expected grid servers joined within " + ACTIVATION_WAIT);
            }
            sleep(200);
        }
        if (settings.persistence()) {
            // Nodes that join later become data owners without an operator resetting the baseline by hand. A node
            // that is back within the timeout keeps its place and catches up from its own files.
            ignite.cluster().baselineAutoAdjustEnabled(true);
            ignite.cluster().baselineAutoAdjustTimeout(BASELINE_ADJUST_MILLIS);
        }
        return ignite;
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
