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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refresher's cadence against a real Cassandra, on a clock the test moves: an ended day is rolled up once it
 * has been quiet for the interval, a day still being written to only once per open-day interval, and a report is
 * exact before, between and after the recomputes, because it reads a pending day from its CDRs.
 */
@ExtendWith(CassandraExtension.class)
class RollupCadenceTest {
    private static final String KEYSPACE = "rollup_cadence_test";
    private static final LocalDate TODAY = LocalDate.parse("2026-07-20");
    private static final LocalDate YESTERDAY = TODAY.minusDays(1);
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration OPEN_DAY = Duration.ofHours(2);
    private static CqlSession session;

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private final AtomicLong millis;

        TestClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static RatedCdr call(String tenant, String account, String callId, String start, long seconds, long costMicros) {
        Instant at = Instant.parse(start);
        return new RatedCdr(tenant, account, callId, "1001", "44207123456", at, at.plusSeconds(2), at.plusSeconds(2 + seconds),
                seconds, seconds, "ANSWERED", "retail/44@v1", Money.ofMicros(costMicros), "EUR", "test", "raw");
    }

    private static Usage total(Map<RollupCell, Usage> day) {
        return day.get(new RollupCell(Dimension.TOTAL, "", "EUR"));
    }

    private static Map<String, Money> costByAccount(UsageReports reports, String tenant, ReportPeriod period) {
        Map<String, Money> costs = new java.util.TreeMap<>();
        reports.byAccount(tenant, period).toCompletableFuture().join()
                .forEach(line -> costs.put(line.key(), line.usage().cost()));
        return costs;
    }

    @Test
    void anEndedDayIsRolledUpWhenQuietTodayOnlyOnItsCadenceAndReportsAreExactThroughout() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        UsageReports reports = new UsageReports(rollups);
        TestClock clock = new TestClock(Instant.parse("2026-07-20T12:00:00Z"));
        ReportPeriod today = new ReportPeriod(TODAY, TODAY, ZoneOffset.UTC);
        ReportPeriod bothDays = new ReportPeriod(YESTERDAY, TODAY, ZoneOffset.UTC);
        Map<String, Money> expected = Map.of("late", Money.ofMicros(50_000), "now", Money.ofMicros(60_000));
        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, INTERVAL, OPEN_DAY, clock)) {
            for (RatedCdr cdr : List.of(call("t-cad", "now", "n1", "2026-07-20T09:00:00Z", 60, 10_000),
                    call("t-cad", "now", "n2", "2026-07-20T10:00:00Z", 120, 20_000),
                    call("t-cad", "now", "n3", "2026-07-20T11:00:00Z", 180, 30_000),
                    call("t-cad", "late", "l1", "2026-07-19T23:58:00Z", 600, 50_000))) {
                store.write(cdr).toCompletableFuture().join();
            }

            refresher.refreshDue();
            assertTrue(rollups.accountDay("t-cad", "now", TODAY).toCompletableFuture().join().isEmpty(), "today is too young");
            assertTrue(rollups.accountDay("t-cad", "late", YESTERDAY).toCompletableFuture().join().isEmpty(),
                    "yesterday was written to just now");
            assertEquals(2, refresher.pendingDays());
            assertEquals(Set.of(TODAY), rollups.pendingDays("t-cad", "now").toCompletableFuture().join());
            Usage pendingToday = total(reports.account("t-cad", "now", today).toCompletableFuture().join().total().stream()
                    .collect(java.util.stream.Collectors.toMap(line -> new RollupCell(Dimension.TOTAL, "", line.currency()),
                            UsageReport.Line::usage)));
            assertEquals(3, pendingToday.calls(), "a pending day is read from its CDRs");
            assertEquals(Money.ofMicros(60_000), pendingToday.cost());
            assertEquals(expected, costByAccount(reports, "t-cad", bothDays));

            clock.advance(INTERVAL);
            refresher.refreshDue();
            assertEquals(1, total(rollups.accountDay("t-cad", "late", YESTERDAY).toCompletableFuture().join()).calls(),
                    "an ended day is rolled up once quiet for the interval");
            assertTrue(rollups.accountDay("t-cad", "now", TODAY).toCompletableFuture().join().isEmpty(),
                    "today waits for its open-day interval");
            assertEquals(expected, costByAccount(reports, "t-cad", bothDays));

            clock.advance(OPEN_DAY.minus(INTERVAL));
            refresher.refreshDue();
            assertEquals(Money.ofMicros(60_000), total(rollups.accountDay("t-cad", "now", TODAY).toCompletableFuture().join()).cost());
            assertEquals(0, refresher.pendingDays());
            assertTrue(rollups.pendingDays("t-cad", "now").toCompletableFuture().join().isEmpty(), "the marker is cleared");
            assertEquals(expected, costByAccount(reports, "t-cad", bothDays));

            store.write(call("t-cad", "now", "n4", "2026-07-20T13:30:00Z", 60, 5_000)).toCompletableFuture().join();
            assertEquals(Map.of("late", Money.ofMicros(50_000), "now", Money.ofMicros(65_000)),
                    costByAccount(reports, "t-cad", bothDays), "a write after the recompute is reported at once");
        }
    }

    @Test
    void aMarkerInItsOldShardIsMovedToTheAccountsShardAtStart() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        RollupKey key = new RollupKey("t-move", "acc-1", YESTERDAY);
        int oldShard = (key.shard() + 5) % RollupKey.SHARDS;
        assertNotEquals(key.shard(), oldShard);
        store.write(call("t-move", "acc-1", "m1", "2026-07-19T08:00:00Z", 60, 7_000)).toCompletableFuture().join();
        session.execute("INSERT INTO " + KEYSPACE + "." + DailyRollups.PENDING_TABLE
                + " (shard, tenant_id, account_id, day) VALUES (" + oldShard + ", 't-move', 'acc-1', '2026-07-19')");
        assertTrue(rollups.pendingDays("t-move", "acc-1").toCompletableFuture().join().isEmpty(),
                "written under the old sharding, the marker is not where a report looks");

        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, INTERVAL, OPEN_DAY,
                new TestClock(Instant.parse("2026-07-20T12:00:00Z")))) {
            assertEquals(Set.of(YESTERDAY), rollups.pendingDays("t-move", "acc-1").toCompletableFuture().join());
            assertEquals(0, session.execute("SELECT day FROM " + KEYSPACE + "." + DailyRollups.PENDING_TABLE
                    + " WHERE shard = " + oldShard + " AND tenant_id = 't-move'").all().size(), "the old row is gone");
            refresher.refreshDue();
            assertEquals(Money.ofMicros(7_000),
                    total(rollups.accountDay("t-move", "acc-1", YESTERDAY).toCompletableFuture().join()).cost(),
                    "a marker left at start is due at once");
            assertTrue(rollups.pendingDays("t-move", "acc-1").toCompletableFuture().join().isEmpty());
        }
    }
}
