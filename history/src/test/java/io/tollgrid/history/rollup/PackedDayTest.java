package io.tollgrid.history.rollup;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A day's rollup packed into one value: it decodes to exactly what was encoded; a year's report reads the packed days
 * and still reads a day rolled up before packing (a row per cell), until that day is recomputed and its packed value
 * takes over.
 */
@ExtendWith(CassandraExtension.class)
class PackedDayTest {
    private static final String KEYSPACE = "packed_rollups";
    private static CqlSession session;

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void aDayDecodesToExactlyWhatWasEncoded() {
        Map<RollupCell, Usage> cells = new HashMap<>();
        cells.put(new RollupCell(Dimension.TOTAL, "", "EUR"), new Usage(3, 2, 125, 180, Money.ofMicros(1_234_567), 90,
                Money.ofMicros(1_000_000), Money.ofMicros(2_000_000), Money.ofMicros(-765_433), 3, 2, 2, 3_001));
        cells.put(new RollupCell(Dimension.CARRIER_DESTINATION, "carrier-a/44", "EUR"), new Usage(3, 1, 60, 60,
                Money.ofMicros(1), 60, Money.ofMicros(1), Money.ZERO, Money.ZERO, 2, 1));
        cells.put(new RollupCell(Dimension.EXTENSION, "1001 Ünïcode", "BGN"), new Usage(Long.MAX_VALUE, 0, 0, 0,
                Money.ofMicros(Long.MIN_VALUE), 0, Money.ZERO, Money.ZERO, Money.ZERO));
        cells.put(new RollupCell(Dimension.TRUNK, "", "EUR"), Usage.NONE);

        assertEquals(cells, PackedDay.decode(PackedDay.encode(cells)));
        assertEquals(Map.of(), PackedDay.decode(PackedDay.encode(Map.of())));
        ByteBuffer future = ByteBuffer.wrap(new byte[] {3, 0, 0, 0, 0});
        assertThrows(IllegalStateException.class, () -> PackedDay.decode(future), "a version this code does not know");
    }

    @Test
    void aDayOfVersionOneReadsWithoutNerCountsAndALaterVersionsExtraCountersAreSkipped() {
        // Version 1, as written before NER: one TOTAL/""/EUR cell, nine counters 3, 2, 125, 180, 5, 90, 4, 0, 1.
        byte[] one = {1, 0, 0, 0, 1, 0, 5, 'T', 'O', 'T', 'A', 'L', 0, 0, 0, 3, 'E', 'U', 'R', 6, 4, (byte) 250, 1,
                (byte) 232, 2, 10, (byte) 180, 1, 8, 0, 2};
        assertEquals(Map.of(new RollupCell(Dimension.TOTAL, "", "EUR"), new Usage(3, 2, 125, 180, Money.ofMicros(5), 90,
                Money.ofMicros(4), Money.ZERO, Money.ofMicros(1), 0, 0)), PackedDay.decode(ByteBuffer.wrap(one)));
        // Version 2 with 14 counters a cell (a later writer's): the fourteenth is skipped.
        byte[] fourteen = {2, 0, 0, 0, 1, 14, 0, 5, 'T', 'O', 'T', 'A', 'L', 0, 0, 0, 3, 'E', 'U', 'R', 2, 2, 0, 0, 0, 0,
                0, 0, 0, 2, 2, 2, (byte) 244, 3, 99};
        assertEquals(Map.of(new RollupCell(Dimension.TOTAL, "", "EUR"), new Usage(1, 1, 0, 0, Money.ZERO, 0,
                Money.ZERO, Money.ZERO, Money.ZERO, 1, 1, 1, 250)), PackedDay.decode(ByteBuffer.wrap(fourteen)));
    }

    @Test
    void aReportReadsPackedDaysAndADayRolledUpBeforePackingUntilItIsRecomputed() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        UsageReports reports = new UsageReports(rollups);
        LocalDate packedDay = LocalDate.parse("2026-02-10");
        LocalDate oldDay = LocalDate.parse("2026-02-11");
        // The old day as rollups were stored before packing: a row per cell, 2 calls costing 0.50.
        session.execute("INSERT INTO " + KEYSPACE + ".rollups_by_account_day (tenant_id, account_id, day, dimension, key,"
                + " currency, calls, answered, duration_seconds, billed_seconds, cost_micros, max_duration_seconds,"
                + " max_cost_micros) VALUES ('t-p', 'acc-p', '2026-02-11', 'TOTAL', '', 'EUR', 2, 2, 100, 120, 500000, 60,"
                + " 300000)");
        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, Duration.ofHours(1))) {
            store.write(call("on-packed-day", packedDay, 250_000)).toCompletableFuture().join();
            refresher.refreshOnce();
            ReportPeriod period = new ReportPeriod(packedDay, oldDay, ZoneOffset.UTC);

            Usage both = total(reports.account("t-p", "acc-p", period).toCompletableFuture().join());
            assertEquals(3, both.calls(), "the packed day's call and the old day's two");
            assertEquals(Money.ofMicros(750_000), both.cost());

            // A call arrives for the old day: its recompute packs the whole day from its CDRs, which replaces the old rows.
            store.write(call("late-on-old-day", oldDay, 40_000)).toCompletableFuture().join();
            refresher.refreshOnce();
            Usage after = total(reports.account("t-p", "acc-p", period).toCompletableFuture().join());
            assertEquals(2, after.calls(), "the packed old day holds its one CDR, not the rows written before packing");
            assertEquals(Money.ofMicros(290_000), after.cost());
            assertEquals(List.of(oldDay, packedDay).stream().sorted().toList(), rollups.accountDays("t-p", "acc-p",
                    List.of(packedDay, oldDay)).toCompletableFuture().join().keySet().stream().sorted().toList());
        }
    }

    private static RatedCdr call(String callId, LocalDate day, long costMicros) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3_600);
        return new RatedCdr("t-p", "acc-p", callId, "1001", "442071234567", start, start.plusSeconds(2),
                start.plusSeconds(62), 60, 60, "ANSWERED", "flat", Money.ofMicros(costMicros), "EUR", "test", "raw");
    }

    private static Usage total(UsageReport report) {
        return report.total().stream().map(UsageReport.Line::usage).reduce(Usage.NONE, Usage::plus);
    }
}
