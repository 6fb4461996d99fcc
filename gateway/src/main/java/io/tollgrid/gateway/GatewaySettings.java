package io.tollgrid.gateway;

import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.settings.Settings;

import java.time.Duration;

/**
 * Everything a gateway needs, validated at start.
 *
 * @param httpPort     the port switches and tenants call (0 picks a free one)
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param gridDeadline a switch gets an answer (503 at worst) within this time
 * @param adminKey     bearer key of the admin API
 */
public record GatewaySettings(int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey,
                              GridSettings grid, CassandraConnection cassandra, String keyspace, int replication) {
    public GatewaySettings {
        if (adminKey.length() < 16) {
            throw new io.tollgrid.settings.SettingsException("gateway.admin.key", "must have at least 16 characters");
        }
    }

    public static GatewaySettings from(Settings settings) {
        return new GatewaySettings(
                settings.integer("gateway.http.port", 8080, 0, 65535),
                settings.integer("gateway.max.body.bytes", 64 * 1024, 1024, 16 * 1024 * 1024),
                Duration.ofMillis(settings.integer("gateway.grid.deadline.ms", 2000, 10, 60_000)),
                settings.requiredString("gateway.admin.key"),
                GridSettings.from(settings, "tollgrid-gateway"),
                CassandraConnection.parse(settings.string("cassandra.contact.points", "127.0.0.1:9042;datacenter1")),
                settings.string("cassandra.keyspace", "tollgrid"),
                settings.integer("cassandra.replication", 1, 1, 5));
    }
}
