package io.tollgrid.ingest;

import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.ingest.files.FileIngestSettings;
import io.tollgrid.settings.Peers;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.util.List;

/**
 * Everything an ingest process needs.
 *
 * @param hazelcastPort     first port the embedded Hazelcast member tries (auto-incremented)
 * @param clusterName       Hazelcast cluster name; members with another name never join
 * @param files             the CDR file sources ({@code ingest.files.*}); none runs no file job
 * @param hazelcastAddress  the IPv4 address the Hazelcast member binds to and advertises ({@code
 *                          ingest.hazelcast.address}; by default {@code grid.local.address})
 * @param hazelcastMembers  the members it joins through ({@code ingest.hazelcast.members}); empty means its own
 *                          address and port: one host
 */
public record IngestSettings(int hazelcastPort, String clusterName, GridSettings grid, CassandraConnection cassandra,
                             String keyspace, int replication, FileIngestSettings files, String hazelcastAddress,
                             List<Peers.Peer> hazelcastMembers) {
    public IngestSettings {
        hazelcastMembers = List.copyOf(hazelcastMembers);
    }

    /** One host: the member binds to loopback and looks for peers only there. */
    public IngestSettings(int hazelcastPort, String clusterName, GridSettings grid, CassandraConnection cassandra,
                          String keyspace, int replication, FileIngestSettings files) {
        this(hazelcastPort, clusterName, grid, cassandra, keyspace, replication, files, GridSettings.LOOPBACK, List.of());
    }

    /** Without file sources: only the stop-event pipeline runs. */
    public IngestSettings(int hazelcastPort, String clusterName, GridSettings grid, CassandraConnection cassandra,
                          String keyspace, int replication) {
        this(hazelcastPort, clusterName, grid, cassandra, keyspace, replication, FileIngestSettings.NONE);
    }

    public IngestSettings withFiles(FileIngestSettings newFiles) {
        return new IngestSettings(hazelcastPort, clusterName, grid, cassandra, keyspace, replication, newFiles,
                hazelcastAddress, hazelcastMembers);
    }

    /** The members to join through, as Hazelcast's TCP/IP join spells them. */
    public List<String> hazelcastMemberAddresses() {
        if (hazelcastMembers.isEmpty()) {
            return List.of(hazelcastAddress + ":" + hazelcastPort);
        }
        return hazelcastMembers.stream().map(Peers.Peer::toString).toList();
    }

    public static IngestSettings from(Settings settings) {
        GridSettings grid = GridSettings.from(settings, "tollgrid-ingest");
        int port = settings.integer("ingest.hazelcast.port", 5801, 1024, 65000);
        String address = Peers.bindAddress(settings, "ingest.hazelcast.address", grid.localAddress());
        if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new SettingsException("ingest.hazelcast.address",
                    "must be an IPv4 address (Hazelcast picks its interface by address), not '" + address + "'");
        }
        String members = settings.string("ingest.hazelcast.members", "");
        return new IngestSettings(
                port,
                settings.string("ingest.cluster.name", "tollgrid-ingest"),
                grid,
                CassandraConnection.parse(settings.string("cassandra.contact.points", "127.0.0.1:9042;datacenter1")),
                settings.string("cassandra.keyspace", "tollgrid"),
                settings.integer("cassandra.replication", 1, 1, 5),
                FileIngestSettings.from(settings),
                address,
                members.isEmpty() ? List.of() : Peers.list("ingest.hazelcast.members", members, port, port, false));
    }
}
