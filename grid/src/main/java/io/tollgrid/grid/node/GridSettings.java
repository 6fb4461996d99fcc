package io.tollgrid.grid.node;

import io.tollgrid.settings.Peers;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.nio.file.Path;
import java.util.List;

/**
 * How one Ignite node joins and stores.
 *
 * @param instanceName       unique per JVM
 * @param discoveryPort      first port of the discovery range this node listens on (and, when no discovery
 *                           addresses are given, the range every node of this cluster scans)
 * @param discoveryPorts     how many ports the range has
 * @param communicationPort  first port of the communication range (auto-incremented per node)
 * @param workDir            Ignite's work directory: persistence files and WAL live here
 * @param persistence        native persistence on (production) or off (fast unit tests)
 * @param dataRegionBytes    the default data region's maximum size; several nodes share this host
 * @param backups            backup copies of every partition
 * @param expectedServers    a new cluster is activated only once this many server nodes have joined, so that
 *                           all of them hold data (the baseline) from the first account on
 * @param localAddress       the address discovery and communication bind to and advertise ({@code grid.local.address})
 * @param discoveryAddresses the peers discovery asks to join through ({@code grid.discovery.addresses}); empty
 *                           means this host's own range, {@code localAddress:discoveryPort..}: one host
 */
public record GridSettings(String instanceName, int discoveryPort, int discoveryPorts, int communicationPort,
                           Path workDir, boolean persistence, long dataRegionBytes, int backups, int expectedServers,
                           String localAddress, List<Peers.Peer> discoveryAddresses) {
    /** The local stack's discovery range; tests pick their own so they never join it. */
    public static final int DEFAULT_DISCOVERY_PORT = 47600;
    /** One host: every process binds to loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    public GridSettings {
        if (discoveryPorts < 1 || discoveryPorts > 100) {
            throw new IllegalArgumentException("discoveryPorts must be 1..100");
        }
        if (expectedServers < 1) {
            throw new IllegalArgumentException("expectedServers must be at least 1");
        }
        if (backups < 0) {
            throw new IllegalArgumentException("backups must not be negative");
        }
        if (localAddress == null || localAddress.isBlank()) {
            throw new IllegalArgumentException("localAddress is required");
        }
        discoveryAddresses = List.copyOf(discoveryAddresses);
    }

    /** One host: loopback, and discovery scans this host's own range. */
    public GridSettings(String instanceName, int discoveryPort, int discoveryPorts, int communicationPort,
                        Path workDir, boolean persistence, long dataRegionBytes, int backups, int expectedServers) {
        this(instanceName, discoveryPort, discoveryPorts, communicationPort, workDir, persistence, dataRegionBytes,
                backups, expectedServers, LOOPBACK, List.of());
    }

    public static GridSettings from(Settings settings, String defaultInstanceName) {
        int discoveryPort = settings.integer("grid.discovery.port", DEFAULT_DISCOVERY_PORT, 1024, 65000);
        int discoveryPorts = settings.integer("grid.discovery.ports", 10, 1, 100);
        String localAddress = Peers.bindAddress(settings, "grid.local.address", LOOPBACK);
        String peers = settings.string("grid.discovery.addresses", "");
        List<Peers.Peer> discoveryAddresses = peers.isEmpty() ? List.of()
                : Peers.list("grid.discovery.addresses", peers, discoveryPort, discoveryPort + discoveryPorts - 1, true);
        int expectedServers = settings.integer("grid.expected.servers", 1, 1, 100);
        if (LOOPBACK.equals(localAddress) && discoveryAddresses.stream().anyMatch(peer -> !isLoopback(peer.host()))) {
            throw new SettingsException("grid.discovery.addresses", "names another host, but grid.local.address is "
                    + LOOPBACK + ", which no other host can reach; set grid.local.address to this host's address");
        }
        return new GridSettings(
                settings.string("grid.instance.name", defaultInstanceName),
                discoveryPort,
                discoveryPorts,
                settings.integer("grid.communication.port", 47700, 1024, 65000),
                Path.of(settings.string("grid.work.dir", ".tollgrid/grid")),
                settings.bool("grid.persistence", true),
                settings.longValue("grid.data.region.mb", 256, 64, 1 << 20) * 1024 * 1024,
                settings.integer("grid.backups", 1, 0, 3),
                expectedServers,
                localAddress,
                discoveryAddresses);
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("localhost");
    }

    /** What discovery asks to join through, in Ignite's spelling ({@code host:first..last}). */
    public List<String> discoveryPeers() {
        if (discoveryAddresses.isEmpty()) {
            return List.of(new Peers.Peer(localAddress, discoveryPort, discoveryPort + discoveryPorts - 1).toString());
        }
        return discoveryAddresses.stream().map(Peers.Peer::toString).toList();
    }

    public GridSettings withInstanceName(String name) {
        return new GridSettings(name, discoveryPort, discoveryPorts, communicationPort, workDir, persistence,
                dataRegionBytes, backups, expectedServers, localAddress, discoveryAddresses);
    }

    public GridSettings withExpectedServers(int count) {
        return new GridSettings(instanceName, discoveryPort, discoveryPorts, communicationPort, workDir, persistence,
                dataRegionBytes, backups, count, localAddress, discoveryAddresses);
    }

    public GridSettings withWorkDir(Path dir) {
        return new GridSettings(instanceName, discoveryPort, discoveryPorts, communicationPort, dir, persistence,
                dataRegionBytes, backups, expectedServers, localAddress, discoveryAddresses);
    }

    /** This node on another host: bound to {@code address}, joining through {@code peers}. */
    public GridSettings withAddresses(String address, List<Peers.Peer> peers) {
        return new GridSettings(instanceName, discoveryPort, discoveryPorts, communicationPort, workDir, persistence,
                dataRegionBytes, backups, expectedServers, address, peers);
    }
}
