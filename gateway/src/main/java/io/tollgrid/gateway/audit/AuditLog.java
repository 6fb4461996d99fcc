package io.tollgrid.gateway.audit;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
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
 * The audit log in Cassandra: one partition per UTC day ({@value #TABLE}), and one per tenant and day
 * ({@value #TENANT_TABLE}) holding every entry of the tenant's subtree, so each tenant reads its own. Written only
 * by INSERT with a time-based id, so an entry is never overwritten, changed or deleted through Tollgrid.
 */
public final class AuditLog {
    static final String TABLE = "audit_by_day";
    static final String TENANT_TABLE = "audit_by_tenant_day";
    /** The most entries one read returns. */
    public static final int MAX_READ = 1_000;
    private static final String COLUMNS = "at, key_id, source, operation, object, status, code, tenant, changes";

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement insertForTenant;
    private final PreparedStatement selectDay;
    private final PreparedStatement selectTenantDay;

    private AuditLog(CqlSession session, String keyspace) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO " + keyspace + "." + TABLE + " (day, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertForTenant = session.prepare("INSERT INTO " + keyspace + "." + TENANT_TABLE + " (reader, day, "
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.selectDay = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + "." + TABLE + " WHERE day = ? LIMIT "
                + MAX_READ);
        this.selectTenantDay = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + "." + TENANT_TABLE
                + " WHERE reader = ? AND day = ? LIMIT " + MAX_READ);
    }

    /** Creates the tables if missing (and the columns added since), in a keyspace that exists. */
    public static AuditLog open(CqlSession session, String keyspace) {
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " ("
                + "day text, at timeuuid, key_id text, source text, operation text, object text, status int, code text, "
                + "tenant text, changes text, PRIMARY KEY ((day), at)) WITH CLUSTERING ORDER BY (at DESC)");
        boolean hasTenant = session.refreshSchema().getKeyspace(keyspace).flatMap(ks -> ks.getTable(TABLE))
                .map(table -> table.getColumn(CqlIdentifier.fromCql("tenant")).isPresent()).orElse(true);
        if (!hasTenant) {
            session.execute("ALTER TABLE " + keyspace + "." + TABLE + " ADD (tenant text, changes text)");
        }
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TENANT_TABLE + " ("
                + "reader text, day text, at timeuuid, key_id text, source text, operation text, object text, status int, "
                + "code text, tenant text, changes text, PRIMARY KEY ((reader, day), at)) WITH CLUSTERING ORDER BY (at DESC)");
        return new AuditLog(session, keyspace);
    }

    /** Appends the entry to the day only. */
    public CompletionStage<Void> append(AuditEntry entry) {
        return append(entry, List.of());
    }

    /**
     * Appends the entry under a new time-based id, unique even within a millisecond, to the day and to each of the
     * {@code readers} (the entry's tenant and its ancestors), in one logged batch. The id's instant, which is what a
     * read gives back, is the moment it is written, so record entries as they happen.
     */
    public CompletionStage<Void> append(AuditEntry entry, List<String> readers) {
        java.util.UUID unique = Uuids.timeBased();
        String day = dayOf(entry.at());
        BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
        batch.addStatement(insert.bind(day, unique, entry.keyId(), entry.source(), entry.operation(), entry.object(),
                entry.status(), entry.code(), entry.tenant(), entry.changes()));
        for (String reader : readers) {
            batch.addStatement(insertForTenant.bind(reader, day, unique, entry.keyId(), entry.source(), entry.operation(),
                    entry.object(), entry.status(), entry.code(), entry.tenant(), entry.changes()));
        }
        return session.executeAsync(batch.build()).thenApply(ignored -> null);
    }

    /** The day's entries, newest first, at most {@value #MAX_READ}. */
    public CompletionStage<List<AuditEntry>> day(LocalDate day) {
        return session.executeAsync(selectDay.bind(day.toString())).thenApply(rows -> entries(rows.currentPage()));
    }

    /** The day's entries of the tenant's subtree, newest first, at most {@value #MAX_READ}. */
    public CompletionStage<List<AuditEntry>> tenantDay(String tenantId, LocalDate day) {
        return session.executeAsync(selectTenantDay.bind(tenantId, day.toString()))
                .thenApply(rows -> entries(rows.currentPage()));
    }

    private static List<AuditEntry> entries(Iterable<Row> rows) {
        List<AuditEntry> entries = new ArrayList<>();
        for (Row row : rows) {
            entries.add(new AuditEntry(Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("at"))),
                    row.getString("key_id"), row.getString("source"), row.getString("operation"),
                    row.getString("object"), row.getInt("status"), row.getString("code"), row.getString("tenant"),
                    row.getString("changes")));
        }
        return entries;
    }

    static String dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }
}
