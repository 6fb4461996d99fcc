package io.tollgrid.gateway.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The audit log in Cassandra: one partition per UTC day, newest first, written only by INSERT with a time-based
 * id, so an entry is never overwritten, changed or deleted through Tollgrid.
 */
public final class AuditLog {
    static final String TABLE = "audit_by_day";
    /** The most entries one read returns. */
    public static final int MAX_READ = 1_000;

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement selectDay;

    private AuditLog(CqlSession session, String keyspace) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO " + keyspace + "." + TABLE
                + " (day, at, key_id, source, operation, object, status, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        this.selectDay = session.prepare("SELECT at, key_id, source, operation, object, status, code FROM " + keyspace
                + "." + TABLE + " WHERE day = ? LIMIT " + MAX_READ);
    }

    /** Creates the table if missing, in a keyspace that exists (the gateway's CDR keyspace). */
    public static AuditLog open(CqlSession session, String keyspace) {
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " ("
                + "day text, at timeuuid, key_id text, source text, operation text, object text, status int, code text, "
                + "PRIMARY KEY ((day), at)) WITH CLUSTERING ORDER BY (at DESC)");
        return new AuditLog(session, keyspace);
    }

    /**
     * Appends the entry under a new time-based id, unique even within a millisecond; the id's instant, which is
     * what a read gives back, is the moment it is written, so record entries as they happen.
     */
    public CompletionStage<Void> append(AuditEntry entry) {
        java.util.UUID unique = Uuids.timeBased();
        return session.executeAsync(insert.bind(dayOf(entry.at()), unique,
                entry.keyId(), entry.source(), entry.operation(), entry.object(), entry.status(), entry.code()))
                .thenApply(ignored -> null);
    }

    /** The day's entries, newest first, at most {@value #MAX_READ}. */
    public CompletionStage<List<AuditEntry>> day(LocalDate day) {
        return session.executeAsync(selectDay.bind(day.toString())).thenApply(rows -> {
            List<AuditEntry> entries = new ArrayList<>();
            for (Row row : rows.currentPage()) {
                entries.add(new AuditEntry(Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("at"))),
                        row.getString("key_id"), row.getString("source"), row.getString("operation"),
                        row.getString("object"), row.getInt("status"), row.getString("code")));
            }
            return entries;
        });
    }

    static String dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
