package io.tollgrid.ops.stack;

import java.nio.file.Path;

/**
 * Ports and paths of the local stack. The defaults keep clear of a system Cassandra (9042) and of
 * Ignite's default discovery range (47500), which tests avoid as well.
 */
public record StackSettings(Path dir, int httpPort, int cqlPort, int discoveryPort, int communicationPort,
                            int hazelcastPort, String adminKey) {
    public static StackSettings defaults(Path dir) {
        return new StackSettings(dir, 8080, 19042, 47600, 47700, 5801, "local-admin-key-change-me");
    }

    /** Root of the CDR file sources: each source reads {@code cdr-files/SOURCE/incoming}. */
    public Path cdrFiles() {
        return dir.resolve("cdr-files").toAbsolutePath();
    }
}
