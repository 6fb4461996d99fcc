package io.tollgrid.history;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filtered, paged CDR search: every row of the range exactly once across pages, and never a silent cut. */
@ExtendWith(CassandraExtension.class)
class CdrSearchTest {
    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-06-05T00:00:00Z");
    private static CqlSession session;
    private static CdrStore store;
    private static final List<RatedCdr> WRITTEN = new ArrayList<>();

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
        store = CdrStore.open(session, "history_search", 1);
        // 3 days of 7 calls, two at the same instant each day, and one just outside each end of the range.
        String[] dispositions = {"ANSWERED", "NO_ANSWER", "ANSWERED", "BUSY", "ANSWERED", "ANSWERED", "FAILED"};
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 7; i++) {
                Instant start = FROM.plusSeconds(86_400L * day + 3_600L * (day + 1) + 60L * (i / 2 * 2));
                boolean answered = dispositions[i].equals("ANSWERED");
                long seconds = answered ? 30L * (i + 1) : 0;
                RatedCdr cdr = new RatedCdr("ts", "acc", "d" + day + "-c" + i, i % 3 == 0 ? "1001" : "1002",
                        (i % 2 == 0 ? "4420" : "3592") + "7000" + i, start, answered ? start.plusSeconds(2) : null,
                        start.plusSeconds(2 + seconds), seconds, seconds, dispositions[i], "p/44@v1",
                        Money.ofMicros(answered ? 10_000L * (i + 1) : 0), "EUR", "test", "raw");
                // Call 1 came in on the PBX trunk "telco"; call 6 went out through a carrier of that name.
                if (i == 1) {
                    cdr = cdr.viaTrunk("telco");
                } else if (i == 6) {
                    cdr = new RatedCdr(cdr.tenantId(), cdr.accountId(), cdr.callId(), cdr.caller(), cdr.callee(),
                            cdr.startTime(), cdr.answerTime(), cdr.endTime(), cdr.durationSeconds(), cdr.billedSeconds(),
                            cdr.disposition(), cdr.rateId(), cdr.cost(), "EUR", "test", "raw", null, null, false, "telco",
                            null, null);
                }
                WRITTEN.add(cdr);
            }
        }
        WRITTEN.sort(java.util.Comparator.comparing(CdrPosition::of));
        List<RatedCdr> all = new ArrayList<>(WRITTEN);
        all.add(new RatedCdr("ts", "acc", "before", "1001", "44", FROM.minusSeconds(1), null, FROM, 0, 0, "NO_ANSWER",
                "x", Money.ZERO, "EUR", "test", "raw"));
        all.add(new RatedCdr("ts", "acc", "at-end", "1001", "44", TO, null, TO.plusSeconds(1), 0, 0, "NO_ANSWER",
                "x", Money.ZERO, "EUR", "test", "raw"));
        all.add(new RatedCdr("other-tenant", "acc", "theirs", "1001", "44", FROM.plusSeconds(7_200), null,
                FROM.plusSeconds(7_201), 0, 0, "ANSWERED", "x", Money.ofMicros(5), "EUR", "test", "raw"));
        for (RatedCdr cdr : all) {
            store.write(cdr).toCompletableFuture().join();
        }
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static List<RatedCdr> everyPage(CdrFilter filter, int limit, int maxScanned, List<Integer> pageSizes) {
        List<RatedCdr> rows = new ArrayList<>();
        CdrPosition after = null;
        for (int pages = 0; pages < 100; pages++) {
            CdrPage page = store.page("ts", "acc", FROM, TO, filter, after, limit, maxScanned).toCompletableFuture().join();
            rows.addAll(page.rows());
            pageSizes.add(page.rows().size());
            assertTrue(page.scanned() <= maxScanned, "read " + page.scanned());
            if (page.next() == null) {
                return rows;
            }
            after = page.next();
        }
        throw new AssertionError("the pages never ended");
    }

    @Test
    void pagesOfThreeReturnEveryRowOfTheRangeOnceInOrder() {
        List<Integer> sizes = new ArrayList<>();
        List<RatedCdr> rows = everyPage(CdrFilter.NONE, 3, CdrStore.MAX_SCANNED_PER_PAGE, sizes);

        assertEquals(WRITTEN, rows);
        assertEquals(List.of(3, 3, 3, 3, 3, 3, 3, 0), sizes, "21 rows in full pages, then an empty last one");
    }

    @Test
    void aRareMatchPagesOnWhenTheReadBudgetRunsOutInsteadOfCuttingSilently() {
        CdrFilter busy = new CdrFilter(null, null, "BUSY", 0, Money.ZERO);
        List<Integer> sizes = new ArrayList<>();
        List<RatedCdr> rows = everyPage(busy, 10, 4, sizes);

        assertEquals(WRITTEN.stream().filter(busy::matches).toList(), rows);
        assertEquals(3, rows.size());
        assertTrue(sizes.size() >= 21 / 4, "a page ended at the read budget: " + sizes);
        assertTrue(sizes.contains(0), "pages without a match still carry next: " + sizes);
    }

    @Test
    void filtersCombine() {
        CdrFilter filter = new CdrFilter("1002", "4420", "ANSWERED", 120, Money.parse("0.05"));
        CdrPage page = store.page("ts", "acc", FROM, TO, filter, null, 100).toCompletableFuture().join();

        List<RatedCdr> expected = WRITTEN.stream().filter(cdr -> cdr.callId().endsWith("-c4")).toList();
        assertEquals(expected, page.rows(), "call 4 of each day: caller 1002, 4420..., answered, 150 s, 0.05 (the"
                + " least cost is kept); call 2 is 90 s, call 5 dials 3592..., call 0 is caller 1001");
        assertNull(page.next());
        assertNotNull(store.page("ts", "acc", FROM, TO, CdrFilter.NONE, null, 1).toCompletableFuture().join().next());
    }

    @Test
    void aTrunkFilterFindsThePbxTrunkButNeverTellsTheCarrier() {
        CdrFilter telco = new CdrFilter(null, null, null, 0, Money.ZERO, null, null, "telco");
        List<RatedCdr> rows = everyPage(telco, 100, 1_000, new ArrayList<>());

        assertEquals(WRITTEN.stream().filter(cdr -> cdr.callId().endsWith("-c1")).toList(), rows,
                "the calls on the PBX trunk, not those the carrier of the same name connected");
        assertEquals(3, rows.size());
        assertEquals(List.of(), everyPage(new CdrFilter(null, null, null, 0, Money.ZERO, null, null, "tel"), 100, 1_000,
                new ArrayList<>()), "a trunk is matched whole, not by its start");
    }

    @Test
    void anotherTenantsRowsNeverAppear() {
        CdrPage theirs = store.page("other-tenant", "acc", FROM, TO, CdrFilter.NONE, null, 100).toCompletableFuture().join();
        assertEquals(List.of("theirs"), theirs.rows().stream().map(RatedCdr::callId).toList());
        assertTrue(everyPage(CdrFilter.NONE, 100, 1_000, new ArrayList<>()).stream()
                .noneMatch(cdr -> cdr.callId().equals("theirs")));
    }

    @Test
    void badPagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.page("ts", "acc", FROM, TO, CdrFilter.NONE, null, 0));
        assertThrows(IllegalArgumentException.class, () -> store.page("ts", "acc", FROM, TO, CdrFilter.NONE, null,
                CdrStore.MAX_ROWS + 1));
        assertThrows(IllegalArgumentException.class, () -> store.page("ts", "acc", TO, FROM, CdrFilter.NONE, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new CdrFilter(null, null, null, -1, Money.ZERO));
    }
}
