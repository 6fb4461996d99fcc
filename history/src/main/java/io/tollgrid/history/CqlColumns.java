package io.tollgrid.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;

import java.util.Locale;

/** Schema changes of history's tables that every process may make at start, at the same time. */
public final class CqlColumns {
    private CqlColumns() {
    }

    /**
     * Adds a column to a table created before it existed. Another process opening the store at the same
     * time may add it first, so "already exists" is success. The ALTER is always sent, never skipped on the driver's
     * schema metadata: that metadata showed a column another gateway was adding before the server could use it, and
     * the insert then failed to prepare ("Undefined column"; three gateways starting at once in GridPartitionTest).
     * The server answers "already exists" only once the column is in its own schema.
     */
    public static void add(CqlSession session, String keyspace, String table, String column, String type) {
        try {
            session.execute("ALTER TABLE " + keyspace + "." + table + " ADD " + column + " " + type);
        } catch (InvalidQueryException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!message.contains("already exist") && !message.contains("conflicts with an existing column")) {
                throw e;
            }
        }
    }
}
