package io.tollgrid.history.rollup;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily rollups against a real Cassandra: a replay (every CDR written again, twice, in another order) leaves
 * every sum as it was, a re-rated call moves between destinations instead of counting in both, and days written
 * before a crash are rolled up by the next start.
 */
@ExtendWith(CassandraExtension.class)
class RollupReplayTest {
    private static final String KEYSPACE = "rollup_test";
    private static final LocalDate DAY = LocalDate.parse("2026-07-14");
    private static CqlSession session;

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static RatedCdr call(String tenant, String account, int n, String rateId, long seconds, long costMicros) {
        Instant start = DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(600L * n);
        boolean answered = seconds > 0;
        // Every fourth call (n % 4 == 1) went through carrier-a, which it cost half its price.
        boolean routed = n % 4 == 1;
        return new RatedCdr(tenant, account, "call-" + n, "1001", "442071234" + n, start,
                answered ? start.plusSeconds(3) : null, start.plusSeconds(3 + seconds), seconds, seconds,
                answered ? "ANSWERED" : "NO_ANSWER", rateId, Money.ofMicros(costMicros), "EUR", "test", "raw", null, null,
                false, routed ? "carrier-a" : null, routed ? Money.ofMicros(costMicros / 2) : null,
                routed ? Money.ofMicros(costMicros - costMicros / 2) : null)
                // Extensions 1000 to 1002 by n % 3; the 359 calls (n % 3 == 2) NATIONAL, the others INTERNATIONAL.
                .classified("100" + n % 3, RatedCdr.Direction.OUTBOUND,
                        rateId.contains("/359@") ? CallType.NATIONAL : CallType.INTERNATIONAL)
                // Odd calls went out on trunk-1, the others named none.
                .viaTrunk(n % 2 == 1 ? "trunk-1" : null);
    }

    private static List<RatedCdr> calls(String tenant, String account) {
        List<RatedCdr> calls = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            String rate = n % 3 == 0 ? "retail/44@v1" : n % 3 == 1 ? "retail/44@v2" : "retail/359@v2";
            calls.add(call(tenant, account, n, rate, n % 5 == 0 ? 0 : 60L + n, n % 5 == 0 ? 0 : 1_000L * n));
        }
        return calls;
    }

    private static void writeAll(CdrStore store, List<RatedCdr> calls) {
        calls.stream().map(store::write).toList().forEach(stage -> stage.toCompletableFuture().join());
    }

    private static Usage cell(Map<RollupCell, Usage> day, Dimension dimension, String key) {
        return day.get(new RollupCell(dimension, key, "EUR"));
    }

    @Test
    void replayingEveryCdrTwiceChangesNoSum() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        List<RatedCdr> calls = calls("t-replay", "acc-1");
        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, Duration.ofHours(1))) {
            writeAll(store, calls);
            refresher.refreshOnce();
            Map<RollupCell, Usage> first = rollups.accountDay("t-replay", "acc-1", DAY).toCompletableFuture().join();

            List<RatedCdr> reversed = new ArrayList<>(calls);
            java.util.Collections.reverse(reversed);
            writeAll(store, reversed);
            writeAll(store, calls);
            refresher.refreshOnce();
            Map<RollupCell, Usage> replayed = rollups.accountDay("t-replay", "acc-1", DAY).toCompletableFuture().join();

            assertEquals(first, replayed);
            Usage total = cell(replayed, Dimension.TOTAL, "");
            long expectedCost = calls.stream().mapToLong(cdr -> cdr.cost().micros()).sum();
            assertEquals(30, total.calls());
            assertEquals(24, total.answered(), "every fifth call was not answered");
            assertEquals(Money.ofMicros(expectedCost), total.cost());
            assertEquals(Money.ofMicros(29_000), total.maxCost());
            assertEquals(89, total.maxDurationSeconds());
            assertEquals(20, cell(replayed, Dimension.DESTINATION, "44").calls(), "both deck versions of 44 are one destination");
            assertEquals(10, cell(replayed, Dimension.DESTINATION, "359").calls());
            assertEquals(6, cell(replayed, Dimension.DISPOSITION, "NO_ANSWER").calls());
            // 30 calls 10 minutes apart from midnight: two per quarter hour 00..14 (minutes 0/10, 20, 30/40, ...).
            long quarterCalls = replayed.entrySet().stream().filter(e -> e.getKey().dimension() == Dimension.QUARTER)
                    .mapToLong(e -> e.getValue().calls()).sum();
            assertEquals(30, quarterCalls);
            assertEquals(2, cell(replayed, Dimension.QUARTER, "00").calls());
            assertEquals(1, cell(replayed, Dimension.QUARTER, "01").calls());
            assertEquals(10, cell(replayed, Dimension.EXTENSION, "1001").calls());
            long extension1001Cost = calls.stream().filter(cdr -> "1001".equals(cdr.extension()))
                    .mapToLong(cdr -> cdr.cost().micros()).sum();
            assertEquals(Money.ofMicros(extension1001Cost), cell(replayed, Dimension.EXTENSION, "1001").cost());
            assertEquals(10, cell(replayed, Dimension.CALL_TYPE, "NATIONAL").calls());
            assertEquals(20, cell(replayed, Dimension.CALL_TYPE, "INTERNATIONAL").calls());
            List<RatedCdr> routed = calls.stream().filter(cdr -> cdr.carrierId() != null).toList();
            Usage carrier = cell(replayed, Dimension.CARRIER, "carrier-a");
            assertEquals(routed.size(), carrier.calls());
            assertEquals(Money.ofMicros(routed.stream().mapToLong(cdr -> cdr.buyCost().micros()).sum()), carrier.buyCost());
            assertEquals(Money.ofMicros(routed.stream().mapToLong(cdr -> cdr.margin().micros()).sum()), carrier.margin());
            assertEquals(carrier.cost(), carrier.buyCost().plus(carrier.margin()), "every routed call's margin adds up");
            assertEquals(carrier.margin(), total.margin(), "calls without a carrier add no margin");
            assertEquals(Money.ZERO, cell(replayed, Dimension.CARRIER, "").margin());
            List<RatedCdr> trunked = calls.stream().filter(cdr -> cdr.trunk() != null).toList();
            assertEquals(15, trunked.size());
            assertEquals(15, cell(replayed, Dimension.TRUNK, "trunk-1").calls());
            assertEquals(Money.ofMicros(trunked.stream().mapToLong(cdr -> cdr.cost().micros()).sum()),
                    cell(replayed, Dimension.TRUNK, "trunk-1").cost());
            assertEquals(15, cell(replayed, Dimension.TRUNK, "").calls(), "calls naming no trunk are one row");

            List<DailyRollups.AccountUsage> tenantDay = rollups.tenantDay("t-replay", DAY).toCompletableFuture().join();
            assertEquals(List.of(new DailyRollups.AccountUsage("acc-1", "EUR", total)), tenantDay);
            assertEquals(0, refresher.pendingDays());
        }
    }

    @Test
    void aReRatedCallMovesToItsNewDestinationAndIsNotCountedInBoth() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, Duration.ofHours(1))) {
            RatedCdr unrated = call("t-rerate", "acc-1", 1, "unrated", 0, 0);
            writeAll(store, List.of(unrated, call("t-rerate", "acc-1", 2, "retail/44@v1", 60, 30_000)));
            refresher.refreshOnce();
            assertEquals(1, cell(rollups.accountDay("t-rerate", "acc-1", DAY).toCompletableFuture().join(),
                    Dimension.DESTINATION, "unrated").calls());

            writeAll(store, List.of(call("t-rerate", "acc-1", 1, "retail/44@v2", 120, 60_000)));
            refresher.refreshOnce();
            Map<RollupCell, Usage> day = rollups.accountDay("t-rerate", "acc-1", DAY).toCompletableFuture().join();

            assertNull(cell(day, Dimension.DESTINATION, "unrated"), "the old destination row is gone: " + day);
            assertNull(cell(day, Dimension.DISPOSITION, "NO_ANSWER"));
            assertEquals(2, cell(day, Dimension.DESTINATION, "44").calls());
            assertEquals(Money.ofMicros(90_000), cell(day, Dimension.TOTAL, "").cost());
        }
    }

    @Test
    void daysWrittenBeforeACrashAreRolledUpByTheNextStart() throws Exception {
        CdrStore crashed = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, crashed);
        // Never refreshed and never closed: the process dies with the days only marked pending.
        RollupRefresher lost = RollupRefresher.start(crashed, rollups, Duration.ofHours(1));
        List<RatedCdr> calls = calls("t-crash", "acc-9");
        writeAll(crashed, calls);
        assertTrue(lost.pendingDays() > 0);
        assertTrue(rollups.accountDay("t-crash", "acc-9", DAY).toCompletableFuture().join().isEmpty());

        CdrStore restarted = CdrStore.open(session, KEYSPACE, 1);
        try (RollupRefresher next = RollupRefresher.start(restarted, DailyRollups.open(session, restarted),
                Duration.ofHours(1))) {
            assertTrue(next.pendingDays() >= 1, "the markers left behind are found at start");
            next.refreshOnce();
            Usage total = cell(rollups.accountDay("t-crash", "acc-9", DAY).toCompletableFuture().join(), Dimension.TOTAL, "");
            assertEquals(30, total.calls());
            assertFalse(rollups.pending().toCompletableFuture().join().stream()
                    .anyMatch(key -> key.tenantId().equals("t-crash")), "the marker is cleared once rolled up");
        }
    }

    @Test
    void destinationsComeFromTheDeckPrefixOrTheRateId() {
        assertEquals("44", DayUsage.destination(call("t", "a", 1, "retail/44@v3", 1, 1)));
        assertEquals("4420", DayUsage.destination(call("t", "a", 1, "retail/4420", 1, 1)));
        assertEquals("demo-flat", DayUsage.destination(call("t", "a", 1, "demo-flat", 1, 1)));
        assertEquals(95, DayUsage.quarter(Instant.parse("2026-07-14T23:59:59Z")));
        assertEquals(0, DayUsage.quarter(Instant.parse("2026-07-14T00:14:59Z")));
    }
}
