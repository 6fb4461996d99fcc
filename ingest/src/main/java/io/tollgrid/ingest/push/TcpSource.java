package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.FileSource;

import java.util.List;
import java.util.Objects;

/**
 * A PBX that connects to a port and writes one CDR line per call (SMDR, "online CDR").
 *
 * @param billing        the line format and how its CDRs are priced and kept, as a file source's
 * @param host           the address the port binds to
 * @param port           0 picks a free one (tests)
 * @param allow          the peer addresses that may connect; any other is closed at once
 * @param maxConnections connections of this source open at once; one more is closed at once
 */
public record TcpSource(FileSource billing, String host, int port, List<String> allow, int maxConnections) {
    public TcpSource {
        Objects.requireNonNull(billing, "billing");
        Objects.requireNonNull(host, "host");
        allow = List.copyOf(allow);
        if (port < 0 || port > 65_535 || maxConnections < 1 || allow.isEmpty()) {
            throw new IllegalArgumentException("TCP source " + billing.id() + " needs a port, an allow list and a connection limit");
        }
    }

    public String id() {
        return billing.id();
    }
}
