package io.tollgrid.gateway;

import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Everything a gateway needs, validated at start.
 *
 * @param httpHost         the address the HTTP server binds to
 * @param httpPort         the port switches and tenants call (0 picks a free one)
 * @param maxBodyBytes     larger request bodies are refused with 413
 * @param gridDeadline     a switch gets an answer (503, or a fail-open allow) within this time
 * @param adminKey         bearer key of the admin API
 * @param operatorSwitches the operator's own switches (keys and addresses), trusted for every account
 */
public record GatewaySettings(String httpHost, int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey,
                              OperatorSwitches operatorSwitches, GridSettings grid, CassandraConnection cassandra,
                              String keyspace, int replication) {
    public GatewaySettings {
        if (adminKey.length() < 16) {
            throw new SettingsException("gateway.admin.key", "must have at least 16 characters");
        }
    }

    /** A gateway on loopback that trusts switches calling from loopback: a single-host stack and the tests. */
    public GatewaySettings(int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey, GridSettings grid,
                           CassandraConnection cassandra, String keyspace, int replication) {
        this("127.0.0.1", httpPort, maxBodyBytes, gridDeadline, adminKey, OperatorSwitches.LOOPBACK, grid, cassandra,
                keyspace, replication);
    }

    public static GatewaySettings from(Settings settings) {
        List<String> keys = list(settings.string("gateway.switch.keys", ""));
        for (String key : keys) {
            if (key.length() < 16) {
                throw new SettingsException("gateway.switch.keys", "every switch key needs at least 16 characters");
            }
        }
        return new GatewaySettings(
                settings.string("gateway.http.host", "127.0.0.1"),
                settings.integer("gateway.http.port", 8080, 0, 65535),
                settings.integer("gateway.max.body.bytes", 64 * 1024, 1024, 16 * 1024 * 1024),
                Duration.ofMillis(settings.integer("gateway.grid.deadline.ms", 2000, 10, 60_000)),
                settings.requiredString("gateway.admin.key"),
                new OperatorSwitches(keys, Set.copyOf(list(settings.string("gateway.switch.ips", ""))),
                        settings.integer("gateway.switch.fail.open.seconds", 0, 0, 86_400)),
                GridSettings.from(settings, "tollgrid-gateway"),
                CassandraConnection.parse(settings.string("cassandra.contact.points", "127.0.0.1:9042;datacenter1")),
                settings.string("cassandra.keyspace", "tollgrid"),
                settings.integer("cassandra.replication", 1, 1, 5));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
