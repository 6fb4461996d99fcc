package io.tollgrid.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Cassandra cluster answers CQL, and how production code opens its session to it.
 *
 * @param contactPoints   host:port pairs
 * @param localDatacenter the data centre the driver treats as local
 */
public record CassandraConnection(List<InetSocketAddress> contactPoints, String localDatacenter) {
    /** Schema changes on a loaded 2-core box take seconds; the driver's 2 s default is too short. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long the driver gathers schema events before it re-reads the schema. Its default of one second is paid by
     * every CREATE statement (the driver refreshes its schema metadata before the statement returns), so opening a
     * keyspace of about sixteen tables took about 16 s; schema changes come in bursts only at start-up.
     */
    static final Duration SCHEMA_REFRESH_WINDOW = Duration.ofMillis(20);

    public CassandraConnection {
        contactPoints = List.copyOf(contactPoints);
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one contact point is needed");
        }
    }

    /** Parses "host:port,host:port[;datacenter]", the form of TOLLGRID_CASSANDRA. */
    public static CassandraConnection parse(String spec) {
        String[] parts = spec.trim().split(";", 2);
        List<InetSocketAddress> points = new ArrayList<>();
        for (String hostPort : parts[0].split(",")) {
            String trimmed = hostPort.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                points.add(InetSocketAddress.createUnresolved(trimmed, 9042));
            } else {
                points.add(new InetSocketAddress(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1))));
            }
        }
        return new CassandraConnection(points, parts.length > 1 ? parts[1].trim() : "datacenter1");
    }

    /** The inverse of {@link #parse}. */
    public String spec() {
        StringBuilder text = new StringBuilder();
        for (InetSocketAddress point : contactPoints) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(point.getHostString()).append(':').append(point.getPort());
        }
        return text.append(';').append(localDatacenter).toString();
    }

    public CqlSession openSession() {
        return CqlSession.builder()
                .addContactPoints(contactPoints)
                .withLocalDatacenter(localDatacenter)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, SCHEMA_REFRESH_WINDOW)
                        .build())
                .build();
    }
}
