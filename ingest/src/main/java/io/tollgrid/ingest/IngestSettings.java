package io.tollgrid.ingest;

import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.ingest.files.FileIngestSettings;
import io.tollgrid.settings.Settings;

/**
 * Everything an ingest process needs.
 *
 * @param hazelcastPort first port the embedded Hazelcast member tries (auto-incremented)
 * @param clusterName   Hazelcast cluster name; members with another name never join
 * @param files         the CDR file sources ({@code ingest.files.*}); none runs no file job
 */
public record IngestSettings(int hazelcastPort, String clusterName, GridSettings grid, CassandraConnection cassandra,
                             String keyspace, int replication, FileIngestSettings files) {
    /** Without file sources: only the stop-event pipeline runs. */
    public IngestSettings(int hazelcastPort, String clusterName, GridSettings grid, CassandraConnection cassandra,
                          String keyspace, int replication) {
        this(hazelcastPort, clusterName, grid, cassandra, keyspace, replication, FileIngestSettings.NONE);
    }

    public IngestSettings withFiles(FileIngestSettings newFiles) {
        return new IngestSettings(hazelcastPort, clusterName, grid, cassandra, keyspace, replication, newFiles);
    }

    public static IngestSettings from(Settings settings) {
        return new IngestSettings(
                settings.integer("ingest.hazelcast.port", 5801, 1024, 65000),
                settings.string("ingest.cluster.name", "tollgrid-ingest"),
                GridSettings.from(settings, "tollgrid-ingest"),
                CassandraConnection.parse(settings.string("cassandra.contact.points", "127.0.0.1:9042;datacenter1")),
                settings.string("cassandra.keyspace", "tollgrid"),
                settings.integer("cassandra.replication", 1, 1, 5),
                FileIngestSettings.from(settings));
    }
}
