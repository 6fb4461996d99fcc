package io.tollgrid.grid.node;

import io.tollgrid.settings.Settings;

import java.nio.file.Path;

/**
 * How one Ignite node joins and stores.
 *
 * @param instanceName      unique per JVM
 * @param discoveryPort     first port of the discovery range every node of this cluster scans
 * @param discoveryPorts    how many ports the range has
 * @param communicationPort first port of the communication range (auto-incremented per node)
 * @param workDir           Ignite's work directory: persistence files and WAL live here
 * @param persistence       native persistence on (production) or off (fast unit tests)
 * @param dataRegionBytes   the default data region's maximum size; several nodes share this host
 * @param backups           backup copies of every partition
 * @param expectedServers   a new cluster is activated only once this many server nodes have joined, so that
 *                          all of them hold data (the baseline) from the first account on
 */
public record GridSettings(String instanceName, int discoveryPort, int discoveryPorts, int communicationPort,
                           Path workDir, boolean persistence, long dataRegionBytes, int backups, int expectedServers) {
    /** The local stack's discovery range; tests pick their own so they never join it. */
    public static final int DEFAULT_DISCOVERY_PORT = 47600;

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
    }

    public static GridSettings from(Settings settings, String defaultInstanceName) {
        return new GridSettings(
                settings.string("grid.instance.name", defaultInstanceName),
                settings.integer("grid.discovery.port", DEFAULT_DISCOVERY_PORT, 1024, 65000),
                settings.integer("grid.discovery.ports", 10, 1, 100),
                settings.integer("grid.communication.port", 47700, 1024, 65000),
                Path.of(settings.string("grid.work.dir", ".tollgrid/grid")),
                settings.bool("grid.persistence", true),
                settings.longValue("grid.data.region.mb", 256, 64, 1 << 20) * 1024 * 1024,
                settings.integer("grid.backups", 1, 0, 3),
                settings.integer("grid.expected.servers", 1, 1, 100));
    }

    public GridSettings withInstanceName(String name) {
        return new GridSettings(name, discoveryPort, discoveryPorts, communicationPort, workDir, persistence,
                dataRegionBytes, backups, expectedServers);
    }

    public GridSettings withExpectedServers(int count) {
        return new GridSettings(instanceName, discoveryPort, discoveryPorts, communicationPort, workDir, persistence,
                dataRegionBytes, backups, count);
    }

    public GridSettings withWorkDir(Path dir) {
        return new GridSettings(instanceName, discoveryPort, discoveryPorts, communicationPort, dir, persistence,
                dataRegionBytes, backups, expectedServers);
    }
}
