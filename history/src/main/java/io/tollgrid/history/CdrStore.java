package io.tollgrid.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes and reads rated CDRs. Writes are upserts keyed by (tenant, account, day, start, call-id), so
 * writing the same call twice leaves one row: the ingest pipeline relies on that to retry safely. The legs
 * of one call are told apart inside call-id ({@link RatedCdr#legCallId}), not by a new key column, so rows
 * written before legs existed keep their key and stay readable; {@code leg} and {@code answered_party} are
 * regular columns added to existing tables by {@link #open}; so are {@code estimated}, and {@code carrier_id},
 * {@code buy_cost_micros} and {@code margin_micros} (docs/routing.md), and {@code extension}, {@code department},
 * {@code direction} and {@code call_type} (docs/rollups.md), and {@code trunk} and {@code cause} (docs/cdr-files.md), and {@code pdd_ms} (docs/routing.md), null in older rows.
 */
public final class CdrStore {
    /** The longest range one search may span; reports over longer periods read the rollups. */
    public static final Duration MAX_QUERY_RANGE = Duration.ofDays(366);
    /** The most rows one page returns. */
    public static final int MAX_ROWS = 10_000;
    /** The most rows one page reads to find its matches; a filter that matches rarely pages on instead. */
    public static final int MAX_SCANNED_PER_PAGE = 50_000;
    /** Rows fetched per round trip while paging. */
    static final int FETCH_SIZE = 1_000;

    private static final String TABLE = "cdrs_by_account_day";
    /** Regular columns added after the table was first released (text, null in older rows). */
    static final List<String> ADDED_COLUMNS = List.of("leg", "answered_party");

    private final CqlSession session;
    private final String keyspace;
    /** The most CDRs one {@link #writeBatch} takes; it sends them as several requests ({@link #executeAll}). */
    public static final int MAX_BATCH = 256;
    /**
     * The most partitions in one unlogged batch across partitions: Cassandra's default warning threshold for those
     * (unlogged_batch_across_partitions_warn_threshold, 10).
     */
    static final int MAX_PARTITIONS_PER_BATCH = 10;
    /**
     * The most bytes one batch across partitions is estimated to take as mutations ({@link #mutationBytes}): under
     * Cassandra's default 5 KiB batch warning with room to spare. A batch within one partition is one mutation, which
     * Cassandra never warns of, whatever its size.
     */
    static final int BATCH_BYTES = 4 * 1024;
    /** The most rows of one partition in one request: a bound, far below Cassandra's largest mutation (half a commit log segment). */
    static final int MAX_ROWS_PER_PARTITION_BATCH = 64;
    /**
     * What a row's mutation adds to its values: per cell (timestamp, TTL, flags) and per row (clustering, header).
     * Calibrated on Cassandra 5.0: nine gateway CDRs of about 340 bytes of values each made a 5,922-byte batch.
     */
    private static final int CELL_BYTES = 12;
    private static final int ROW_BYTES = 32;
    private final PreparedStatement insert;
    private final PreparedStatement selectDayAfter;
    private final PreparedStatement selectRetention;
    private volatile WriteObserver observer;

    private CdrStore(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        this.insert = session.prepare("INSERT INTO " + keyspace + "." + TABLE
                + " (tenant_id, account_id, day, start_time, call_id, caller, callee, answer_time, end_time,"
                + " duration_seconds, billed_seconds, disposition, rate_id, cost_micros, currency, source, raw, leg, answered_party,"
                + " estimated, carrier_id, buy_cost_micros, margin_micros, extension, department, direction,"
                + " call_type, trunk, cause, pdd_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TTL ?");
        this.selectDayAfter = session.prepare("SELECT * FROM " + keyspace + "." + TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND day = ? AND (start_time, call_id) > (?, ?)");
        this.selectRetention = session.prepare("SELECT TTL(cost_micros) FROM " + keyspace + "." + TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND day = ? AND start_time = ? AND call_id = ?");
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
            addColumn(session, keyspace, column, "text");
        }
        addColumn(session, keyspace, "estimated", "boolean");
        addColumn(session, keyspace, "carrier_id", "text");
        addColumn(session, keyspace, "buy_cost_micros", "bigint");
        addColumn(session, keyspace, "margin_micros", "bigint");
        addColumn(session, keyspace, "extension", "text");
        addColumn(session, keyspace, "department", "text");
        addColumn(session, keyspace, "direction", "text");
        addColumn(session, keyspace, "call_type", "text");
        addColumn(session, keyspace, "trunk", "text");
        addColumn(session, keyspace, "cause", "int");
        addColumn(session, keyspace, "pdd_ms", "int");
        session.checkSchemaAgreement();
        return new CdrStore(session, keyspace);
    }

    private static void addColumn(CqlSession session, String keyspace, String column, String type) {
        CqlColumns.add(session, keyspace, TABLE, column, type);
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
        return writeBatch(List.of(cdr), List.of(ttlSeconds));
    }

    /**
     * Rewrites a stored CDR (re-rating) for the rest of its retention: the row's remaining TTL is read and the new row
     * written with it, so it is dropped when the old one would have been. False, writing nothing, when the row is gone or
     * has less than {@value #MIN_REWRITE_TTL_SECONDS} s left (it could expire between the read and the write, and the
     * write would then bring back part of it). Through {@link #write}: an observer sees it like any write.
     */
    public CompletionStage<Boolean> rewriteForItsRetention(RatedCdr cdr) {
        return session.executeAsync(selectRetention.bind(cdr.tenantId(), cdr.accountId(), cdr.day(), cdr.startTime(),
                cdr.callId())).thenCompose(rows -> {
            Row row = rows.one();
            if (row == null) {
                return CompletableFuture.completedFuture(false);
            }
            int ttl = row.isNull(0) ? 0 : row.getInt(0);
            if (!row.isNull(0) && ttl < MIN_REWRITE_TTL_SECONDS) {
                return CompletableFuture.completedFuture(false);
            }
            return write(cdr, ttl).thenApply(written -> true);
        });
    }

    /** A row with less retention left than this is not rewritten (re-rating): see {@link #rewriteForItsRetention}. */
    public static final int MIN_REWRITE_TTL_SECONDS = 60;

    /**
     * Writes up to {@value #MAX_BATCH} CDRs (each {@code USING TTL} its own {@code ttlSeconds}) in few requests
     * ({@link #executeAll}), where Cassandra would otherwise wake its request and mutation threads once per CDR
     * (docs/performance.md). Not atomic; it completes when every row is written, and a retry writes them all again,
     * which is harmless for these upserts.
     */
    public CompletionStage<Void> writeBatch(List<RatedCdr> cdrs, List<Integer> ttlSeconds) {
        if (cdrs.isEmpty() || cdrs.size() > MAX_BATCH || cdrs.size() != ttlSeconds.size()) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " CDRs, each with its TTL: "
                    + cdrs.size() + " CDRs, " + ttlSeconds.size() + " TTLs");
        }
        List<BoundStatement> statements = new ArrayList<>(cdrs.size());
        for (int i = 0; i < cdrs.size(); i++) {
            int ttl = ttlSeconds.get(i);
            if (ttl < 0) {
                throw new IllegalArgumentException("a TTL is not negative: " + ttl);
            }
            RatedCdr cdr = cdrs.get(i);
            Object[] values = {cdr.tenantId(), cdr.accountId(), cdr.day(), cdr.startTime(), cdr.callId(),
                    cdr.caller(), cdr.callee(), cdr.answerTime(), cdr.endTime(), cdr.durationSeconds(), cdr.billedSeconds(),
                    cdr.disposition(), cdr.rateId(), cdr.cost().micros(), cdr.currency(), cdr.source(), cdr.raw(), cdr.leg(),
                    cdr.answeredParty(), cdr.estimated(), cdr.carrierId(),
                    cdr.buyCost() == null ? null : cdr.buyCost().micros(), cdr.margin() == null ? null : cdr.margin().micros(),
                    cdr.extension(), cdr.department(), cdr.direction() == null ? null : cdr.direction().name(),
                    cdr.callType() == null ? null : cdr.callType().name(), cdr.trunk(),
                    cdr.cause() == HangupCause.UNKNOWN ? null : cdr.cause(),
                    cdr.pddMs() == RatedCdr.NO_PDD ? null : cdr.pddMs(), ttl};
            BoundStatement bound = insert.bind(values);
            // An absent value is left unset, not bound as null: a null writes a tombstone cell, which every later
            // read of the day's partition wades through (2,200 per 1,000 CDRs in the report benchmark). No path
            // rewrites a CDR with a value taken away: a replay writes the same row, a re-rating or an estimate's
            // correction writes a full row with the same or more. (Were one to, the old value would stay: this is
            // the one place to change if a CDR ever has to lose a field.)
            for (int column = 0; column < values.length; column++) {
                if (values[column] == null) {
                    bound = bound.unset(column);
                }
            }
            statements.add(bound);
        }
        WriteObserver watching = observer;
        if (watching == null) {
            return executeAll(cdrs, statements);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<Void>> before = new ArrayList<>(cdrs.size());
        int observed = 0;
        try {
            for (RatedCdr cdr : cdrs) {
                CompletionStage<Void> marking = watching.beforeWrite(cdr);
                observed++;
                before.add(marking.toCompletableFuture());
            }
        } catch (RuntimeException e) {
            for (RatedCdr cdr : cdrs.subList(0, observed)) {
                watching.afterWrite(cdr, false);
            }
            throw e;
        }
        CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> executeAll(cdrs, statements)).whenComplete((rs, error) -> {
                    for (RatedCdr cdr : cdrs) {
                        watching.afterWrite(cdr, error == null);
                    }
                    if (error == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(error);
                    }
                });
        return done;
    }

    /**
     * Sends the rows as unlogged batches, and completes when every batch has:
     * <ul>
     *   <li>the rows of a partition (an account's day) that has several in this write go as batches of that
     *       partition alone, up to {@value #MAX_ROWS_PER_PARTITION_BATCH} rows each: Cassandra applies each as one
     *       mutation, one commit log entry, and never warns of its size (a backlog drains an account's calls
     *       together; docs/performance.md, 2026-12-05 evening);</li>
     *   <li>the other rows go as batches across partitions of at most {@value #MAX_PARTITIONS_PER_BATCH} rows and
     *       {@value #BATCH_BYTES} estimated mutation bytes (a row larger than that alone, as a plain statement).
     *       Cassandra warns of a batch across partitions over its {@code batch_size_warn_threshold} (5 KiB by
     *       default) in its log and to the client, and the driver formats the whole request into its own log for
     *       it: at 250 stops/s that logging was a quarter of ingest's driver threads (docs/performance.md, 2026-12-05).</li>
     * </ul>
     */
    private CompletableFuture<Void> executeAll(List<RatedCdr> cdrs, List<BoundStatement> statements) {
        java.util.Map<List<Object>, List<BoundStatement>> byPartition = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cdrs.size(); i++) {
            RatedCdr cdr = cdrs.get(i);
            byPartition.computeIfAbsent(List.of(cdr.tenantId(), cdr.accountId(), cdr.day()), k -> new ArrayList<>())
                    .add(statements.get(i));
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        List<BoundStatement> across = new ArrayList<>();
        int acrossBytes = 0;
        for (List<BoundStatement> partition : byPartition.values()) {
            if (partition.size() > 1) {
                for (int from = 0; from < partition.size(); from += MAX_ROWS_PER_PARTITION_BATCH) {
                    sent.add(execute(partition.subList(from, Math.min(partition.size(), from + MAX_ROWS_PER_PARTITION_BATCH))));
                }
                continue;
            }
            BoundStatement statement = partition.get(0);
            int bytes = mutationBytes(statement);
            if (!across.isEmpty() && (acrossBytes + bytes > BATCH_BYTES || across.size() == MAX_PARTITIONS_PER_BATCH)) {
                sent.add(execute(across));
                across = new ArrayList<>();
                acrossBytes = 0;
            }
            across.add(statement);
            acrossBytes += bytes;
        }
        if (!across.isEmpty()) {
            sent.add(execute(across));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> execute(List<BoundStatement> batch) {
        com.datastax.oss.driver.api.core.cql.Statement<?> statement = batch.size() == 1 ? batch.get(0)
                : com.datastax.oss.driver.api.core.cql.BatchStatement.newInstance(
                        com.datastax.oss.driver.api.core.cql.DefaultBatchType.UNLOGGED, batch.toArray(BoundStatement[]::new));
        return session.executeAsync(statement).thenAccept(result -> {
            List<String> warnings = result.getExecutionInfo().getWarnings();
            if (!warnings.isEmpty()) {
                SERVER_WARNINGS.increment();
            }
        }).toCompletableFuture();
    }

    /** A row's estimated size as Cassandra counts a batch: its set values, and an overhead per cell and row. */
    private static int mutationBytes(BoundStatement statement) {
        int bytes = ROW_BYTES;
        for (int i = 0; i < statement.size(); i++) {
            java.nio.ByteBuffer value = statement.getBytesUnsafe(i);
            bytes += value == null ? 0 : CELL_BYTES + value.remaining();
        }
        return bytes;
    }

    /** Writes this JVM's stores sent that Cassandra answered with a warning (a batch over its size threshold, say). */
    public static long serverWarnings() {
        return SERVER_WARNINGS.sum();
    }

    private static final java.util.concurrent.atomic.LongAdder SERVER_WARNINGS = new java.util.concurrent.atomic.LongAdder();

    /**
     * Tells {@code observer} of every later write: {@link WriteObserver#beforeWrite} first (the write waits for it),
     * then {@link WriteObserver#afterWrite} once Cassandra has answered. One observer per store.
     */
    public void observeWrites(WriteObserver observer) {
        java.util.Objects.requireNonNull(observer, "observer");
        synchronized (this) {
            if (this.observer != null) {
                throw new IllegalStateException("this store's writes are observed already");
            }
            this.observer = observer;
        }
    }

    /** Keeps data derived from the CDRs (the daily rollups) following every write. */
    public interface WriteObserver {
        /** Called before the CDR is written; the write goes ahead once the stage completes, and fails if it fails. */
        CompletionStage<Void> beforeWrite(RatedCdr cdr);

        /** Called once for every {@link #beforeWrite}, when the write has landed ({@code written}) or failed. */
        void afterWrite(RatedCdr cdr, boolean written);
    }

    /**
     * Every CDR of one account of one tenant that started in [from, to), oldest first, for callers that know the
     * range is small (tests, tools). More than {@value #MAX_ROWS} rows fail the stage rather than being cut off:
     * larger ranges go through {@link #page}. The tenant is part of the partition key, so a tenant can never read
     * another tenant's rows, even with a guessed account id.
     */
    public CompletionStage<List<RatedCdr>> find(String tenantId, String accountId, Instant from, Instant to) {
        return page(tenantId, accountId, from, to, CdrFilter.NONE, null, MAX_ROWS).thenApply(page -> {
            if (page.next() != null) {
                throw new IllegalStateException("more than " + MAX_ROWS + " CDRs in the range; page them");
            }
            return page.rows();
        });
    }

    /**
     * One page of the CDRs of one account that started in [from, to) and match the filter, oldest first, resuming
     * after {@code after} (null for the first page). A page ends when it holds {@code limit} rows or when
     * {@value #MAX_SCANNED_PER_PAGE} rows were read without filling it; either way {@link CdrPage#next()} says where
     * the next page starts, and it is null only once the range is exhausted, so nothing is ever cut off silently.
     * Reads one day partition after the other, {@value #FETCH_SIZE} rows per round trip: memory is bounded by the
     * page, whatever the range holds.
     */
    public CompletionStage<CdrPage> page(String tenantId, String accountId, Instant from, Instant to, CdrFilter filter,
                                         CdrPosition after, int limit) {
        return page(tenantId, accountId, from, to, filter, after, limit, MAX_SCANNED_PER_PAGE);
    }

    /** {@link #page} reading at most {@code maxScanned} rows. */
    CompletionStage<CdrPage> page(String tenantId, String accountId, Instant from, Instant to, CdrFilter filter,
                                  CdrPosition after, int limit, int maxScanned) {
        checkRange(from, to);
        if (limit < 1 || limit > MAX_ROWS) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_ROWS + " rows, not " + limit);
        }
        CdrPosition start = CdrPosition.before(from);
        if (after != null && after.compareTo(start) > 0) {
            start = after;
        }
        if (!start.startTime().isBefore(to)) {
            return CompletableFuture.completedFuture(new CdrPage(List.of(), null, 0));
        }
        PageScan scan = new PageScan(tenantId, accountId, to, filter, limit, maxScanned);
        return scan.day(start.startTime().atZone(ZoneOffset.UTC).toLocalDate(), start);
    }

    /** The state of reading one page: the rows kept so far and how many were read. */
    private final class PageScan {
        private final String tenantId;
        private final String accountId;
        private final Instant to;
        private final CdrFilter filter;
        private final int limit;
        private final int maxScanned;
        private final LocalDate lastDay;
        private final List<RatedCdr> rows = new ArrayList<>();
        private long scanned;

        PageScan(String tenantId, String accountId, Instant to, CdrFilter filter, int limit, int maxScanned) {
            this.tenantId = tenantId;
            this.accountId = accountId;
            this.to = to;
            this.filter = filter;
            this.limit = limit;
            this.maxScanned = maxScanned;
            this.lastDay = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        }

        CompletionStage<CdrPage> day(LocalDate day, CdrPosition after) {
            if (day.isAfter(lastDay)) {
                return CompletableFuture.completedFuture(new CdrPage(List.copyOf(rows), null, scanned));
            }
            BoundStatement statement = selectDayAfter.bind(tenantId, accountId, day, after.startTime(), after.callId())
                    .setPageSize(FETCH_SIZE);
            return session.executeAsync(statement).thenCompose(result -> read(day, result));
        }

        private CompletionStage<CdrPage> read(LocalDate day, AsyncResultSet result) {
            for (Row row : result.currentPage()) {
                RatedCdr cdr = fromRow(row);
                if (!cdr.startTime().isBefore(to)) {
                    return CompletableFuture.completedFuture(new CdrPage(List.copyOf(rows), null, scanned));
                }
                scanned++;
                if (filter.matches(cdr)) {
                    rows.add(cdr);
                }
                if (rows.size() >= limit || scanned >= maxScanned) {
                    return CompletableFuture.completedFuture(new CdrPage(List.copyOf(rows), CdrPosition.of(cdr), scanned));
                }
            }
            if (result.hasMorePages()) {
                return result.fetchNextPage().thenCompose(next -> read(day, next));
            }
            LocalDate next = day.plusDays(1);
            return day(next, CdrPosition.before(next.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_QUERY_RANGE) > 0) {
            throw new IllegalArgumentException("the range must not exceed " + MAX_QUERY_RANGE.toDays() + " days");
        }
    }

    static RatedCdr fromRow(Row row) {
        return new RatedCdr(row.getString("tenant_id"), row.getString("account_id"), row.getString("call_id"),
                row.getString("caller"), row.getString("callee"), row.getInstant("start_time"),
                row.getInstant("answer_time"), row.getInstant("end_time"), row.getLong("duration_seconds"),
                row.getLong("billed_seconds"), row.getString("disposition"), row.getString("rate_id"),
                Money.ofMicros(row.getLong("cost_micros")), row.getString("currency"), row.getString("source"),
                row.getString("raw"), row.getString("leg"), row.getString("answered_party"),
                // null in rows written before estimates existed, which getBoolean reads as false
                row.getBoolean("estimated"), row.getString("carrier_id"),
                // null in rows written before carriers existed, and in rows of calls no carrier was named for
                row.isNull("buy_cost_micros") ? null : Money.ofMicros(row.getLong("buy_cost_micros")),
                row.isNull("margin_micros") ? null : Money.ofMicros(row.getLong("margin_micros")),
                // null in rows written before extensions, directions and call types were kept
                row.getString("extension"), row.getString("department"), enumOrNull(RatedCdr.Direction.class, row.getString("direction")),
                enumOrNull(CallType.class, row.getString("call_type")),
                // null in rows written before trunks were kept, and (read as 0) before causes were
                row.getString("trunk"), row.getInt("cause"),
                // null in rows written before post-dial delays were kept, and when the source gave none
                row.isNull("pdd_ms") ? RatedCdr.NO_PDD : row.getInt("pdd_ms"));
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
