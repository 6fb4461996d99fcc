package io.tollgrid.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.tollgrid.money.Money;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes and reads rated CDRs. Writes are upserts keyed by (tenant, account, day, start, call-id), so
 * writing the same call twice leaves one row: the ingest pipeline relies on that to retry safely. The legs
 * of one call are told apart inside call-id ({@link RatedCdr#legCallId}), not by a new key column, so rows
 * written before legs existed keep their key and stay readable; {@code leg} and {@code answered_party} are
 * regular columns added to existing tables by {@link #open}.
 */
public final class CdrStore {
    /** The longest range one query may span; longer reports go through paging (later) or exports. */
    public static final Duration MAX_QUERY_RANGE = Duration.ofDays(366);
    /** The most rows one query returns. */
    public static final int MAX_ROWS = 10_000;

    private static final String TABLE = "cdrs_by_account_day";
    /** Regular columns added after the table was first released (text, null in older rows). */
    static final List<String> ADDED_COLUMNS = List.of("leg", "answered_party");

    private final CqlSession session;
    private final String keyspace;
    private final PreparedStatement insert;
    private final PreparedStatement selectDay;

    private CdrStore(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        this.insert = session.prepare("INSERT INTO " + keyspace + "." + TABLE
                + " (tenant_id, account_id, day, start_time, call_id, caller, callee, answer_time, end_time,"
                + " duration_seconds, billed_seconds, disposition, rate_id, cost_micros, currency, source, raw, leg, answered_party)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectDay = session.prepare("SELECT * FROM " + keyspace + "." + TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND day = ? AND start_time >= ? AND start_time < ?");
    }

    /** Creates the keyspace and tables if missing, then prepares the statements. */
    public static CdrStore open(CqlSession session, String keyspace, int replicationFactor) {
        if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
            throw new IllegalArgumentException("keyspace name must be lower-case letters, digits and _: " + keyspace);
        }
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TABLE + " ("
                + " tenant_id text, account_id text, day date, start_time timestamp, call_id text,"
                + " caller text, callee text, answer_time timestamp, end_time timestamp,"
                + " duration_seconds bigint, billed_seconds bigint, disposition text, rate_id text,"
                + " cost_micros bigint, currency text, source text, raw text, leg text, answered_party text,"
                + " PRIMARY KEY ((tenant_id, account_id, day), start_time, call_id))"
                + " WITH CLUSTERING ORDER BY (start_time ASC, call_id ASC)");
        for (String column : ADDED_COLUMNS) {
            addColumn(session, keyspace, column);
        }
        session.checkSchemaAgreement();
        return new CdrStore(session, keyspace);
    }

    /**
     * Adds a text column to a table created before it existed. Another process opening the store at the same
     * time may add it first, so "already exists" is success.
     */
    private static void addColumn(CqlSession session, String keyspace, String column) {
        boolean present = session.getMetadata().getKeyspace(keyspace).flatMap(ks -> ks.getTable(TABLE))
                .map(table -> table.getColumn(column).isPresent()).orElse(false);
        if (present) {
            return;
        }
        try {
            session.execute("ALTER TABLE " + keyspace + "." + TABLE + " ADD " + column + " text");
        } catch (InvalidQueryException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!message.contains("already exist") && !message.contains("conflicts with an existing column")) {
                throw e;
            }
        }
    }

    public String keyspace() {
        return keyspace;
    }

    /** Writes the CDR to be kept forever. */
    public CompletionStage<Void> write(RatedCdr cdr) {
        return write(cdr, 0);
    }

    /**
     * Writes the CDR {@code USING TTL ttlSeconds}: Cassandra drops the row by itself after that long (a tenant's
     * retention), so no delete job is needed. 0 keeps it forever. A rewrite (a replay) restarts the TTL.
     */
    public CompletionStage<Void> write(RatedCdr cdr, int ttlSeconds) {
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("a TTL is not negative: " + ttlSeconds);
        }
        BoundStatement statement = insert.bind(cdr.tenantId(), cdr.accountId(), cdr.day(), cdr.startTime(), cdr.callId(),
                cdr.caller(), cdr.callee(), cdr.answerTime(), cdr.endTime(), cdr.durationSeconds(), cdr.billedSeconds(),
                cdr.disposition(), cdr.rateId(), cdr.cost().micros(), cdr.currency(), cdr.source(), cdr.raw(), cdr.leg(),
                cdr.answeredParty(), ttlSeconds);
        return session.executeAsync(statement).thenApply(rs -> null);
    }

    /**
     * The CDRs of one account of one tenant that started in [from, to), oldest first. The tenant is part
     * of the partition key, so a tenant can never read another tenant's rows, even with a guessed account id.
     */
    public CompletionStage<List<RatedCdr>> find(String tenantId, String accountId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_QUERY_RANGE) > 0) {
            throw new IllegalArgumentException("the range must not exceed " + MAX_QUERY_RANGE.toDays() + " days");
        }
        LocalDate first = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<RatedCdr> rows = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            LocalDate thisDay = day;
            chain = chain.thenCompose(ignored -> rows.size() >= MAX_ROWS
                    ? CompletableFuture.completedFuture(null)
                    : session.executeAsync(selectDay.bind(tenantId, accountId, thisDay, from, to))
                            .thenCompose(page -> collect(page, rows)));
        }
        return chain.thenApply(ignored -> rows.size() > MAX_ROWS ? List.copyOf(rows.subList(0, MAX_ROWS)) : List.copyOf(rows));
    }

    private static CompletionStage<Void> collect(AsyncResultSet page, List<RatedCdr> rows) {
        for (Row row : page.currentPage()) {
            rows.add(fromRow(row));
        }
        if (page.hasMorePages() && rows.size() < MAX_ROWS) {
            return page.fetchNextPage().thenCompose(next -> collect(next, rows));
        }
        return CompletableFuture.completedFuture(null);
    }

    private static RatedCdr fromRow(Row row) {
        return new RatedCdr(row.getString("tenant_id"), row.getString("account_id"), row.getString("call_id"),
                row.getString("caller"), row.getString("callee"), row.getInstant("start_time"),
                row.getInstant("answer_time"), row.getInstant("end_time"), row.getLong("duration_seconds"),
                row.getLong("billed_seconds"), row.getString("disposition"), row.getString("rate_id"),
                Money.ofMicros(row.getLong("cost_micros")), row.getString("currency"), row.getString("source"),
                row.getString("raw"), row.getString("leg"), row.getString("answered_party"));
    }
}
