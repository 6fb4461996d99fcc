package io.tollgrid.history.rollup;

import io.tollgrid.history.CqlColumns;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.history.CdrFilter;
import io.tollgrid.history.CdrPage;
import io.tollgrid.history.CdrPosition;
import io.tollgrid.history.CdrStore;
import io.tollgrid.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The rollup tables and the one way they are written: {@link #recompute} reads a whole (tenant, account, UTC day)
 * CDR partition, adds it up with {@link DayUsage}, and writes the result over the last one. Nothing is ever added
 * to a stored sum, so writing a CDR twice, replaying a file or re-rating a call cannot count anything twice.
 *
 * <p>Every recompute writes under one timestamp taken before it reads: the partition is first deleted just below
 * that timestamp (a re-rated call may have left a destination or disposition that no longer exists), then its rows
 * are written at it. Of two recomputes of one day, the one that started later read at least what the earlier one
 * read, and its timestamp wins, whatever order their writes land in.
 *
 * <ul>
 *   <li>{@code rollups_by_account_year ((tenant_id, account_id, year), day)}: one row per day whose {@code cells} hold
 *       every {@link RollupCell} of the day in one value ({@link PackedDay}); a report of one account reads a range of
 *       days of one or two partitions.</li>
 *   <li>{@code rollups_by_account_day ((tenant_id, account_id, day), dimension, key, currency)}: one row per cell, as
 *       rollups were stored before they were packed: no longer written, read for a day with no packed row.</li>
 *   <li>{@code rollups_by_tenant_day ((tenant_id, day), account_id, currency)}: each account's day total, so a
 *       tenant's usage by account reads one partition per day.</li>
 *   <li>{@code rollups_pending ((shard), tenant_id, account_id, day)}: days with CDRs written and not yet rolled
 *       up, written before the CDR; what a crash leaves here is recomputed at the next start, and a report reads a
 *       day marked here from its CDRs. The shard is a hash of (tenant, account), so one account's markers are one
 *       slice and a tenant's are sixteen.</li>
 * </ul>
 */
public final class DailyRollups {
    static final String ACCOUNT_TABLE = "rollups_by_account_day";
    static final String PACKED_TABLE = "rollups_by_account_year";
    /** Packed days per page of a range read: a day is some 10 KB for 250 cells. */
    static final int PACKED_DAYS_PER_PAGE = 32;
    static final String TENANT_TABLE = "rollups_by_tenant_day";
    static final String PENDING_TABLE = "rollups_pending";
    /** The most pending markers one report reads for a tenant before it refuses as too large. */
    static final int MAX_PENDING_READ = 100_000;
    private static final int PENDING_GC_GRACE_SECONDS = 3_600;
    private static final String COUNTERS = "calls bigint, answered bigint, duration_seconds bigint, billed_seconds bigint,"
            + " cost_micros bigint, max_duration_seconds bigint, max_cost_micros bigint";
    private static final AtomicLong LAST_TIMESTAMP = new AtomicLong();

    private final CqlSession session;
    private final CdrStore cdrs;
    private final PreparedStatement insertPackedDay;
    private final PreparedStatement selectPackedDay;
    private final PreparedStatement selectPackedDays;
    private final PreparedStatement insertTenantRow;
    private final PreparedStatement selectAccountDay;
    private final PreparedStatement selectTenantDay;
    private final PreparedStatement insertPending;
    private final PreparedStatement deletePending;
    private final PreparedStatement selectPending;
    private final PreparedStatement selectPendingOfAccount;
    private final PreparedStatement selectPendingOfTenant;

    private DailyRollups(CqlSession session, String keyspace, CdrStore cdrs) {
        this.session = session;
        this.cdrs = cdrs;
        String counters = "calls, answered, duration_seconds, billed_seconds, cost_micros, max_duration_seconds, max_cost_micros,"
                + " buy_cost_micros, margin_micros";
        this.insertPackedDay = session.prepare("INSERT INTO " + keyspace + "." + PACKED_TABLE
                + " (tenant_id, account_id, year, day, cells) VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
        this.selectPackedDay = session.prepare("SELECT cells FROM " + keyspace + "." + PACKED_TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND year = ? AND day = ?");
        this.selectPackedDays = session.prepare("SELECT day, cells FROM " + keyspace + "." + PACKED_TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND year = ? AND day >= ? AND day <= ?");
        this.insertTenantRow = session.prepare("INSERT INTO " + keyspace + "." + TENANT_TABLE
                + " (tenant_id, day, account_id, currency, " + counters
                + ", ner_calls, network_effective, carrier_cells) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TIMESTAMP ?");
        this.selectAccountDay = session.prepare("SELECT * FROM " + keyspace + "." + ACCOUNT_TABLE
                + " WHERE tenant_id = ? AND account_id = ? AND day = ?");
        this.selectTenantDay = session.prepare("SELECT * FROM " + keyspace + "." + TENANT_TABLE
                + " WHERE tenant_id = ? AND day = ?");
        this.insertPending = session.prepare("INSERT INTO " + keyspace + "." + PENDING_TABLE
                + " (shard, tenant_id, account_id, day) VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
        this.deletePending = session.prepare("DELETE FROM " + keyspace + "." + PENDING_TABLE
                + " USING TIMESTAMP ? WHERE shard = ? AND tenant_id = ? AND account_id = ? AND day = ?");
        this.selectPending = session.prepare("SELECT tenant_id, account_id, day FROM " + keyspace + "." + PENDING_TABLE
                + " WHERE shard = ?");
        this.selectPendingOfAccount = session.prepare("SELECT day FROM " + keyspace + "." + PENDING_TABLE
                + " WHERE shard = ? AND tenant_id = ? AND account_id = ?");
        this.selectPendingOfTenant = session.prepare("SELECT account_id, day FROM " + keyspace + "." + PENDING_TABLE
                + " WHERE shard = ? AND tenant_id = ? LIMIT " + (MAX_PENDING_READ + 1));
    }

    /** Creates the rollup tables if missing (in the CDR store's keyspace), then prepares the statements. */
    public static DailyRollups open(CqlSession session, CdrStore cdrs) {
        String keyspace = cdrs.keyspace();
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + ACCOUNT_TABLE + " ("
                + " tenant_id text, account_id text, day date, dimension text, key text, currency text, " + COUNTERS + ","
                + " PRIMARY KEY ((tenant_id, account_id, day), dimension, key, currency))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + PACKED_TABLE + " ("
                + " tenant_id text, account_id text, year int, day date, cells blob,"
                + " PRIMARY KEY ((tenant_id, account_id, year), day))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + TENANT_TABLE + " ("
                + " tenant_id text, day date, account_id text, currency text, " + COUNTERS + ","
                + " PRIMARY KEY ((tenant_id, day), account_id, currency))");
        for (String table : List.of(ACCOUNT_TABLE, TENANT_TABLE)) {
            // Added with carriers' margins; null in rows rolled up before, read as 0.
            CqlColumns.add(session, keyspace, table, "buy_cost_micros", "bigint");
            CqlColumns.add(session, keyspace, table, "margin_micros", "bigint");
        }
        // Added with the carrier report: the account's day by carrier and destination, packed; null before.
        CqlColumns.add(session, keyspace, TENANT_TABLE, "carrier_cells", "blob");
        // Added with NER: null in rows rolled up before, read as 0 (no call of known outcome).
        CqlColumns.add(session, keyspace, TENANT_TABLE, "ner_calls", "bigint");
        CqlColumns.add(session, keyspace, TENANT_TABLE, "network_effective", "bigint");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + PENDING_TABLE + " ("
                + " shard int, tenant_id text, account_id text, day date,"
                + " PRIMARY KEY ((shard), tenant_id, account_id, day))"
                + " WITH gc_grace_seconds = " + PENDING_GC_GRACE_SECONDS);
        // Markers come and go once per recompute: their tombstones are purged after an hour, not Cassandra's ten
        // days, so reading a shard never wades through weeks of them. A marker a lagging replica resurrects only
        // causes one more recompute.
        session.execute("ALTER TABLE " + keyspace + "." + PENDING_TABLE + " WITH gc_grace_seconds = "
                + PENDING_GC_GRACE_SECONDS);
        session.checkSchemaAgreement();
        return new DailyRollups(session, keyspace, cdrs);
    }

    /** A write timestamp in microseconds, later than any this process gave before. */
    static long nextTimestamp() {
        long now = Instant.now().toEpochMilli() * 1_000L;
        return LAST_TIMESTAMP.updateAndGet(last -> Math.max(now, last + 1));
    }

    /** Recomputes one account's day from its CDRs and writes it over the stored one. */
    public CompletionStage<Void> recompute(RollupKey key) {
        long timestamp = nextTimestamp();
        Instant dayStart = key.day().atStartOfDay(ZoneOffset.UTC).toInstant();
        DayUsage usage = new DayUsage();
        return readAll(key.tenantId(), key.accountId(), dayStart, dayStart.plusSeconds(86_400), usage::add)
                .thenCompose(ignored -> write(key, usage, timestamp));
    }

    /**
     * Feeds every CDR of one account that started in [from, to) to {@code each}, page by page: what a recompute
     * reads, and what a report adds up at the partial days of its edges.
     */
    public CompletionStage<Void> readAll(String tenantId, String accountId, Instant from, Instant to,
                                         Consumer<io.tollgrid.history.RatedCdr> each) {
        return readFrom(tenantId, accountId, from, to, null, each);
    }

    private CompletionStage<Void> readFrom(String tenantId, String accountId, Instant from, Instant to, CdrPosition after,
                                           Consumer<io.tollgrid.history.RatedCdr> each) {
        return cdrs.page(tenantId, accountId, from, to, CdrFilter.NONE, after, CdrStore.MAX_ROWS)
                .thenCompose((CdrPage page) -> {
                    page.rows().forEach(each);
                    return page.next() == null ? CompletableFuture.completedFuture(null)
                            : readFrom(tenantId, accountId, from, to, page.next(), each);
                });
    }

    private CompletionStage<Void> write(RollupKey key, DayUsage usage, long timestamp) {
        Map<RollupCell, Usage> cells = usage.cells();
        // One value for the whole day: it replaces the last one at once, so a cell that no longer exists (a re-rated
        // call's old destination) cannot survive it, and of two recomputes the later timestamp wins.
        CompletionStage<Void> chain = session.executeAsync(insertPackedDay.bind(key.tenantId(), key.accountId(),
                key.day().getYear(), key.day(), PackedDay.encode(cells), timestamp)).thenApply(rs -> null);
        for (Map.Entry<RollupCell, Usage> cell : cells.entrySet()) {
            if (cell.getKey().dimension() != Dimension.TOTAL) {
                continue;
            }
            Usage sum = cell.getValue();
            String currency = cell.getKey().currency();
            // The day's carrier and destination cells in this currency ride on the account's total row, which every
            // recompute replaces whole, so the carrier report reads a tenant's day in one partition and a carrier
            // the day no longer has cannot survive.
            Map<RollupCell, Usage> carrierCells = new HashMap<>();
            cells.forEach((other, value) -> {
                if (other.dimension() == Dimension.CARRIER_DESTINATION && other.currency().equals(currency)) {
                    carrierCells.put(other, value);
                }
            });
            chain = chain.thenCompose(ignored -> session.executeAsync(insertTenantRow.bind(key.tenantId(), key.day(),
                    key.accountId(), currency, sum.calls(), sum.answered(), sum.durationSeconds(),
                    sum.billedSeconds(), sum.cost().micros(), sum.maxDurationSeconds(), sum.maxCost().micros(),
                    sum.buyCost().micros(), sum.margin().micros(), sum.nerCalls(), sum.networkEffective(),
                    carrierCells.isEmpty() ? null : PackedDay.encode(carrierCells), timestamp)).thenApply(rs -> null));
        }
        return chain;
    }

    /**
     * The packed rollups of those of {@code days} that have one (every day recomputed since rollups were packed), by
     * day: one range read per calendar year the days span. A day missing here may still have a rollup of the
     * older, unpacked form ({@link #accountDay}).
     */
    public CompletionStage<Map<LocalDate, Map<RollupCell, Usage>>> accountDays(String tenantId, String accountId,
                                                                               List<LocalDate> days) {
        Map<LocalDate, Map<RollupCell, Usage>> found = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<LocalDate> wanted = java.util.Set.copyOf(days);
        Map<Integer, List<LocalDate>> byYear = new java.util.TreeMap<>();
        days.forEach(day -> byYear.computeIfAbsent(day.getYear(), year -> new ArrayList<>()).add(day));
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Map.Entry<Integer, List<LocalDate>> year : byYear.entrySet()) {
            LocalDate first = year.getValue().stream().min(LocalDate::compareTo).orElseThrow();
            LocalDate last = year.getValue().stream().max(LocalDate::compareTo).orElseThrow();
            reads.add(session.executeAsync(selectPackedDays.bind(tenantId, accountId, year.getKey(), first, last)
                            .setPageSize(PACKED_DAYS_PER_PAGE))
                    .thenCompose(page -> collect(page, row -> {
                        LocalDate day = row.getLocalDate("day");
                        if (wanted.contains(day)) {
                            found.put(day, PackedDay.decode(row.getByteBuffer("cells")));
                        }
                    })).toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> Map.copyOf(found));
    }

    /**
     * One account's stored rollup of a UTC day: the packed one, else one stored before rollups were packed; empty
     * when the day has no calls or is not rolled up yet.
     */
    public CompletionStage<Map<RollupCell, Usage>> accountDay(String tenantId, String accountId, LocalDate day) {
        return session.executeAsync(selectPackedDay.bind(tenantId, accountId, day.getYear(), day))
                .thenCompose(page -> {
                    Row packed = page.one();
                    return packed != null ? CompletableFuture.completedFuture(PackedDay.decode(packed.getByteBuffer("cells")))
                            : unpackedDay(tenantId, accountId, day);
                });
    }

    /** A day as rollups were stored before they were packed: a row per cell. */
    CompletionStage<Map<RollupCell, Usage>> unpackedDay(String tenantId, String accountId, LocalDate day) {
        Map<RollupCell, Usage> cells = new HashMap<>();
        return session.executeAsync(selectAccountDay.bind(tenantId, accountId, day))
                .thenCompose(page -> collect(page, row -> cells.put(new RollupCell(Dimension.valueOf(row.getString("dimension")),
                        row.getString("key"), row.getString("currency")), usage(row))))
                .thenApply(ignored -> Map.copyOf(cells));
    }

    /** Each account's total of a UTC day for a tenant (the accounts whose CDRs carry that tenant). */
    public CompletionStage<List<AccountUsage>> tenantDay(String tenantId, LocalDate day) {
        List<AccountUsage> rows = new ArrayList<>();
        return session.executeAsync(selectTenantDay.bind(tenantId, day))
                .thenCompose(page -> collect(page, row -> rows.add(new AccountUsage(row.getString("account_id"),
                        row.getString("currency"), usage(row)))))
                .thenApply(ignored -> List.copyOf(rows));
    }

    /**
     * A tenant's UTC day by carrier and destination ({@link Dimension#CARRIER_DESTINATION} cells), summed over the
     * accounts whose CDRs carry the tenant, as last rolled up: one partition read. An account's day rolled up before
     * the carrier cells were kept adds nothing until it is recomputed.
     */
    public CompletionStage<Map<RollupCell, Usage>> tenantCarrierDay(String tenantId, LocalDate day) {
        Map<RollupCell, Usage> cells = new HashMap<>();
        return session.executeAsync(selectTenantDay.bind(tenantId, day))
                .thenCompose(page -> collect(page, row -> {
                    java.nio.ByteBuffer packed = row.getByteBuffer("carrier_cells");
                    if (packed != null) {
                        PackedDay.decode(packed).forEach((cell, usage) -> cells.merge(cell, usage, Usage::plus));
                    }
                }))
                .thenApply(ignored -> Map.copyOf(cells));
    }

    /** An account's usage of a day, in one currency. */
    public record AccountUsage(String accountId, String currency, Usage usage) {
    }

    private static Usage usage(Row row) {
        return new Usage(row.getLong("calls"), row.getLong("answered"), row.getLong("duration_seconds"),
                row.getLong("billed_seconds"), Money.ofMicros(row.getLong("cost_micros")),
                row.getLong("max_duration_seconds"), Money.ofMicros(row.getLong("max_cost_micros")),
                Money.ofMicros(row.getLong("buy_cost_micros")), Money.ofMicros(row.getLong("margin_micros")),
                has(row, "ner_calls") ? row.getLong("ner_calls") : 0, has(row, "network_effective") ? row.getLong("network_effective") : 0);
    }

    /** Whether the row has the column: the rows of {@code rollups_by_account_day} never got the NER counts. */
    private static boolean has(Row row, String column) {
        return row.getColumnDefinitions().contains(column);
    }

    private static CompletionStage<Void> collect(AsyncResultSet page, Consumer<Row> each) {
        for (Row row : page.currentPage()) {
            each.accept(row);
        }
        return page.hasMorePages() ? page.fetchNextPage().thenCompose(next -> collect(next, each))
                : CompletableFuture.completedFuture(null);
    }

    /**
     * Rewrites CDRs of one account's day that are already rolled up (re-rating) and rolls the day up again: the day is
     * marked pending first, so a crash part way leaves it marked (reports then read its CDRs, and ingest recomputes
     * it when it starts), then {@code rewrite} runs, then the day is recomputed and the mark cleared, unless a write
     * marked it again meanwhile.
     */
    public <T> CompletionStage<T> rewritingDay(RollupKey key, java.util.function.Supplier<CompletionStage<T>> rewrite) {
        long timestamp = nextTimestamp();
        return markPending(key, timestamp).thenCompose(marked -> rewrite.get())
                .thenCompose(result -> recompute(key).thenCompose(done -> clearPending(key, timestamp))
                        .thenApply(cleared -> result));
    }

    /** Records durably that the day has a CDR not yet rolled up, under {@code timestamp}. */
    CompletionStage<Void> markPending(RollupKey key, long timestamp) {
        return session.executeAsync(insertPending.bind(key.shard(), key.tenantId(), key.accountId(), key.day(), timestamp))
                .thenApply(rs -> null);
    }

    /** Forgets the marker, unless a write marked the day again after {@code timestamp}. */
    CompletionStage<Void> clearPending(RollupKey key, long timestamp) {
        return session.executeAsync(deletePending.bind(timestamp, key.shard(), key.tenantId(), key.accountId(), key.day()))
                .thenApply(rs -> null);
    }

    /** The days of one account marked pending: their rollups may trail their CDRs. */
    public CompletionStage<java.util.Set<LocalDate>> pendingDays(String tenantId, String accountId) {
        java.util.Set<LocalDate> days = new java.util.HashSet<>();
        return session.executeAsync(selectPendingOfAccount.bind(RollupKey.shard(tenantId, accountId), tenantId, accountId))
                .thenCompose(page -> collect(page, row -> days.add(row.getLocalDate("day"))))
                .thenApply(ignored -> java.util.Set.copyOf(days));
    }

    /**
     * The accounts of a tenant with days marked pending, by day; fails with
     * {@link UsageReports.ReportTooLargeException} past {@value #MAX_PENDING_READ} markers in a shard.
     */
    public CompletionStage<Map<LocalDate, java.util.Set<String>>> pendingAccounts(String tenantId) {
        Map<LocalDate, java.util.Set<String>> accounts = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<Void>> shards = new ArrayList<>();
        for (int shard = 0; shard < RollupKey.SHARDS; shard++) {
            int[] read = new int[1];
            shards.add(session.executeAsync(selectPendingOfTenant.bind(shard, tenantId))
                    .thenCompose(page -> collect(page, row -> {
                        if (++read[0] > MAX_PENDING_READ) {
                            throw new UsageReports.ReportTooLargeException("more than " + MAX_PENDING_READ
                                    + " account days of tenant " + tenantId + " wait for their rollup");
                        }
                        accounts.computeIfAbsent(row.getLocalDate("day"), day -> ConcurrentHashMap.newKeySet())
                                .add(row.getString("account_id"));
                    })).toCompletableFuture());
        }
        return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).thenApply(ignored -> Map.copyOf(accounts));
    }

    /**
     * Every day marked pending (left by a stop or a crash). A marker found in another shard than its key's (written
     * before markers were sharded by account) is moved to its key's shard, so the reports find it.
     */
    CompletionStage<List<RollupKey>> pending() {
        List<RollupKey> keys = new ArrayList<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int shard = 0; shard < RollupKey.SHARDS; shard++) {
            int thisShard = shard;
            List<RollupKey> misplaced = new ArrayList<>();
            chain = chain.thenCompose(ignored -> session.executeAsync(selectPending.bind(thisShard))
                    .thenCompose(page -> collect(page, row -> {
                        RollupKey key = new RollupKey(row.getString("tenant_id"), row.getString("account_id"),
                                row.getLocalDate("day"));
                        keys.add(key);
                        if (key.shard() != thisShard) {
                            misplaced.add(key);
                        }
                    }))
                    .thenCompose(read -> {
                        CompletionStage<Void> moves = CompletableFuture.completedFuture(null);
                        for (RollupKey key : misplaced) {
                            long timestamp = nextTimestamp();
                            moves = moves.thenCompose(done -> markPending(key, timestamp))
                                    .thenCompose(done -> session.executeAsync(deletePending.bind(timestamp, thisShard,
                                            key.tenantId(), key.accountId(), key.day())).thenApply(rs -> null));
                        }
                        return moves;
                    }));
        }
        return chain.thenApply(ignored -> List.copyOf(keys));
    }
}
