package io.tollgrid.gateway;

import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.gateway.console.NocTargets;
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
 * @param evapi            the operator's Kamailio switches this gateway serves over their evapi sockets
 * @param noc              the grid nodes' and ingest's metrics endpoints the console's NOC page reads
 */
public record GatewaySettings(String httpHost, int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey,
                              OperatorSwitches operatorSwitches, GridSettings grid, CassandraConnection cassandra,
                              String keyspace, int replication, EvapiSettings evapi, NocTargets noc) {
    public GatewaySettings {
        if (adminKey.length() < 16) {
            throw new SettingsException("gateway.admin.key", "must have at least 16 characters");
        }
    }

    /** No metrics endpoints for the NOC page besides the gateway's own. */
    public GatewaySettings(String httpHost, int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey,
                           OperatorSwitches operatorSwitches, GridSettings grid, CassandraConnection cassandra,
                           String keyspace, int replication, EvapiSettings evapi) {
        this(httpHost, httpPort, maxBodyBytes, gridDeadline, adminKey, operatorSwitches, grid, cassandra, keyspace,
                replication, evapi, NocTargets.NONE);
    }

    /** No evapi switches: HTTP only. */
    public GatewaySettings(String httpHost, int httpPort, int maxBodyBytes, Duration gridDeadline, String adminKey,
                           OperatorSwitches operatorSwitches, GridSettings grid, CassandraConnection cassandra,
                           String keyspace, int replication) {
        this(httpHost, httpPort, maxBodyBytes, gridDeadline, adminKey, operatorSwitches, grid, cassandra, keyspace,
                replication, EvapiSettings.NONE);
    }

    /** This gateway with these evapi switches. */
    public GatewaySettings withEvapi(EvapiSettings evapi) {
        return new GatewaySettings(httpHost, httpPort, maxBodyBytes, gridDeadline, adminKey, operatorSwitches, grid,
                cassandra, keyspace, replication, evapi, noc);
    }

    /**
     * Kamailio switches reached over evapi: the gateway connects to each {@code host:port} (Kamailio's evapi
     * {@code bind_addr}) and serves the switch API on that connection, as an operator switch.
     *
     * @param switches    host:port of each switch's evapi socket
     * @param maxInFlight events run at once per connection; more get an immediate 503 answer
     */
    public record EvapiSettings(List<String> switches, int maxInFlight) {
        public static final EvapiSettings NONE = new EvapiSettings(List.of(), 4096);

        public EvapiSettings {
            switches = List.copyOf(switches);
            for (String address : switches) {
                int colon = address.lastIndexOf(':');
                if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}")
                        || Integer.parseInt(address.substring(colon + 1)) > 65535) {
                    throw new SettingsException("gateway.evapi.switches", "'" + address + "' is not host:port");
                }
            }
            if (maxInFlight < 1 || maxInFlight > 65_536) {
                throw new SettingsException("gateway.evapi.max.in.flight", "must be between 1 and 65536");
            }
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
                settings.integer("cassandra.replication", 1, 1, 5),
                new EvapiSettings(list(settings.string("gateway.evapi.switches", "")),
                        settings.integer("gateway.evapi.max.in.flight", 4096, 1, 65_536)),
                new NocTargets(list(settings.string("gateway.noc.grid.metrics", "")),
                        list(settings.string("gateway.noc.ingest.metrics", ""))));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
