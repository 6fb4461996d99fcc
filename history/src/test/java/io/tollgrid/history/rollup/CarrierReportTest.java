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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The operator's carrier report end to end on the real Cassandra: CDRs of two accounts of a tenant (and one of
 * another tenant) through two carriers to two destinations, rolled up, read back per carrier and per carrier and
 * destination with ASR, ACD and NER worked by hand; a call re-rated to another carrier counts once, under the new one.
 */
@ExtendWith(CassandraExtension.class)
class CarrierReportTest {
    private static final String KEYSPACE = "carrier_reports";
    private static final LocalDate DAY = LocalDate.parse("2026-03-02");
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
    void aTenantsCallsAddUpByCarrierAndDestination() throws Exception {
        CdrStore store = CdrStore.open(session, KEYSPACE, 1);
        DailyRollups rollups = DailyRollups.open(session, store);
        CarrierReports reports = new CarrierReports(rollups);
        try (RollupRefresher refresher = RollupRefresher.start(store, rollups, Duration.ofHours(1))) {
            // Carrier a, destination 44: answered 60 s and 121 s, busy (17), congestion (34).
            write(store, "t-c", "acc-1", "c1", "a", "44", 60, 17, 1_200);
            write(store, "t-c", "acc-1", "c2", "a", "44", 121, 16, 2_301);
            write(store, "t-c", "acc-2", "c3", "a", "44", 0, 17);
            write(store, "t-c", "acc-2", "c4", "a", "44", 0, 34, 0);
            // Carrier a, destination 49: one no answer (19), one of unknown cause (0, left out of NER).
            write(store, "t-c", "acc-1", "c5", "a", "49", 0, 19);
            write(store, "t-c", "acc-1", "c6", "a", "49", 0, 0);
            // Carrier b, destination 44: a call first written as carrier a's, then re-rated to b, answered 30 s.
            write(store, "t-c", "acc-2", "c7", "a", "44", 30, 16);
            write(store, "t-c", "acc-2", "c7", "b", "44", 30, 16);
            // No carrier (not in the report) and another tenant's call through carrier a (not in this tenant's).
            write(store, "t-c", "acc-1", "c8", null, "44", 10, 16);
            write(store, "t-other", "acc-9", "c9", "a", "44", 10, 16);
            refresher.refreshOnce();

            CarrierReport report = reports.tenant("t-c", DAY.minusDays(1), DAY.plusDays(1)).toCompletableFuture().join();

            assertEquals(List.of("a", "b"), report.byCarrier().stream().map(CarrierReport.Line::carrierId).toList());
            Usage a = report.byCarrier().get(0).usage();
            assertEquals(6, a.calls());
            assertEquals("33.3", a.asrPercent(), "2 of 6 answered");
            assertEquals(91, a.acdSeconds(), "181 s / 2 = 90.5, half up");
            assertEquals(5, a.nerCalls(), "the call of unknown cause is left out");
            assertEquals("80.0", a.nerPercent(), "2 answered, busy, no answer of 5; congestion is not effective");
            assertNull(report.byCarrier().get(0).destination());
            assertEquals(3, a.pddCalls(), "the calls whose stop gave a post-dial delay");
            assertEquals(1_167, a.pddAverageMillis(), "(1200 + 2301 + 0) / 3 = 1167.0");

            List<CarrierReport.Line> lines = report.byCarrierDestination();
            assertEquals(List.of("a/44", "a/49", "b/44"), lines.stream()
                    .map(line -> line.carrierId() + "/" + line.destination()).toList(), "carrier, then most calls first");
            Usage a44 = lines.get(0).usage();
            assertEquals(4, a44.calls());
            assertEquals("50.0", a44.asrPercent());
            assertEquals("75.0", a44.nerPercent());
            Usage a49 = lines.get(1).usage();
            assertEquals("0.0", a49.asrPercent());
            assertEquals("100.0", a49.nerPercent(), "no answer is the user's side; the unknown call is left out");
            assertNull(a49.pddAverageMillis(), "no delay given");
            Usage b44 = lines.get(2).usage();
            assertEquals(1, b44.calls(), "the re-rated call counts once, under its new carrier");
            assertEquals(30, b44.acdSeconds());
            assertEquals(Money.ofMicros(30 * 1_000L), b44.cost());

            CarrierReport other = reports.tenant("t-other", DAY, DAY).toCompletableFuture().join();
            assertEquals(1, other.byCarrier().get(0).usage().calls(), "the other tenant's call, only there");
            assertEquals(List.of(), reports.tenant("t-c", DAY.plusDays(1), DAY.plusDays(3)).toCompletableFuture().join()
                    .byCarrier(), "days without calls");
        }
        assertThrows(IllegalArgumentException.class, () -> reports.tenant("t-c", DAY, DAY.minusDays(1)));
        assertThrows(IllegalArgumentException.class, () -> reports.tenant("t-c", DAY, DAY.plusDays(CarrierReports.MAX_DAYS)));
    }

    private static void write(CdrStore store, String tenant, String account, String callId, String carrier,
                              String prefix, long seconds, int cause) {
        write(store, tenant, account, callId, carrier, prefix, seconds, cause, RatedCdr.NO_PDD);
    }

    private static void write(CdrStore store, String tenant, String account, String callId, String carrier,
                              String prefix, long seconds, int cause, int pddMs) {
        Instant start = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7_200);
        boolean answered = seconds > 0;
        Money cost = Money.ofMicros(seconds * 1_000L);
        store.write(new RatedCdr(tenant, account, callId, "1001", prefix + "2071234567", start,
                answered ? start.plusSeconds(3) : null, start.plusSeconds(3 + seconds), seconds, seconds,
                answered ? "ANSWERED" : "NO_ANSWER", "retail/" + prefix + "@v1", cost, "EUR", "test", "raw", null, null,
                false, carrier, carrier == null ? null : Money.ZERO, carrier == null ? null : cost, null, null, null,
                null, null, cause, pddMs)).toCompletableFuture().join();
    }
}
