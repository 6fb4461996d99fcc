package io.tollgrid.gateway.rerate;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.history.CdrFilter;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.Dimension;
import io.tollgrid.history.rollup.RollupCell;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.history.rollup.Usage;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-rating a period after a price change, over HTTP against the real grid and Cassandra: a flat plan's price rises
 * from 0.60 to 0.90 a minute, and the account's CDRs of two UTC days are re-rated. A call charged at its switch-API stop
 * and a call a posting source imported are corrected in the ledger by exactly the difference, a history-only import
 * only in history; rows keep their retention, the days are rolled up again, and a second run changes nothing.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RerateApiTest {
    private static final String KEYSPACE = "rerate_test";
    private static final String PERIOD = "\"from\":\"2026-11-10T00:00:00Z\",\"to\":\"2026-11-12T00:00:00Z\"";
    private static TestGateway gateway;
    private static CqlSession session;
    private static CdrStore cdrs;
    private static DailyRollups rollups;
    private static ChargingClient charging;
    private static GridAdmin admin;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) throws Exception {
        gateway = TestGateway.start("rerate-test", cassandra);
        session = cassandra.openSession();
        charging = new ChargingClient(gateway.server());
        admin = new GridAdmin(gateway.server());
        gateway.admin("/admin/rate-plans", "{\"planId\":\"rr-flat\",\"pricePerMinute\":\"0.60\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rr\",\"name\":\"Rerate Ltd\",\"apiKey\":\"rerate-tenant-key-0001\"}");
        for (String account : List.of("rr-1", "rr-2")) {
            gateway.admin("/admin/accounts", "{\"tenantId\":\"rr\",\"accountId\":\"" + account + "\",\"currency\":\"EUR\","
                    + "\"ratePlanId\":\"rr-flat\",\"balance\":\"100.00\"}");
        }
        cdrs = CdrStore.open(session, KEYSPACE, 1);
        rollups = DailyRollups.open(session, cdrs);
        try (RollupRefresher refresher = RollupRefresher.start(cdrs, rollups, Duration.ofHours(1))) {
            // Charged at its stop: 90 s billed as two minutes, 1.20.
            write(cdr("rr-1", "live-1", "2026-11-10T09:00:00Z", 0, 90, 120, "1.20", RatedCdr.SWITCH_API_SOURCE), 0);
            // Imported by a posting source and posted: 60 s, 0.60; kept for a year.
            RatedCdr posted = cdr("rr-1", "posted-1", "2026-11-10T10:00:00Z", 5, 60, 60, "0.60", "asterisk-csv");
            PostedCall post = charging.postImportedCall("rr-1", null, posted.transferId(), "EUR", posted.cost().micros(),
                    posted.endTime().toEpochMilli(), "imported", false).join();
            assertEquals(PostedCall.Outcome.POSTED, post.outcome());
            write(posted, 31_536_000);
            // A history-only import: 30 s billed as a minute.
            write(cdr("rr-1", "history-1", "2026-11-11T08:00:00Z", 2, 30, 60, "0.60", "asterisk-csv"), 0);
            // Not answered, and a row written before files kept the answered seconds (70 s from setup, 60 answered).
            write(new RatedCdr("rr", "rr-1", "missed-1", "1001", "4420000", Instant.parse("2026-11-11T09:00:00Z"), null,
                    Instant.parse("2026-11-11T09:00:20Z"), 0, 0, "NO_ANSWER", "rr-flat", Money.ZERO, "EUR",
                    "asterisk-csv", "raw", null, null, false, null, null, null), 0);
            write(cdr("rr-1", "old-1", "2026-11-11T10:00:00Z", 10, 70, 60, "0.60", "asterisk-csv"), 0);
            // Outside the period, and another account's call.
            write(cdr("rr-1", "later-1", "2026-11-12T00:00:00Z", 0, 60, 60, "0.60", RatedCdr.SWITCH_API_SOURCE), 0);
            write(cdr("rr-2", "other-1", "2026-11-10T09:00:00Z", 0, 60, 60, "0.60", RatedCdr.SWITCH_API_SOURCE), 0);
            refresher.refreshOnce();
        }
        gateway.admin("/admin/rate-plans", "{\"planId\":\"rr-flat\",\"pricePerMinute\":\"0.90\"}");
    }

    @AfterAll
    static void stop() {
        session.close();
        gateway.close();
    }

    /** A CDR of tenant rr answered {@code ringing} s after its start for {@code seconds} s (its row's duration). */
    private static RatedCdr cdr(String account, String callId, String start, int ringing, long seconds, long billed,
                                String cost, String source) {
        Instant at = Instant.parse(start);
        Instant answer = at.plusSeconds(ringing);
        long answered = "old-1".equals(callId) ? seconds - ringing : seconds;
        return new RatedCdr("rr", account, callId, "1001", "4420000", at, answer, answer.plusSeconds(answered), seconds,
                billed, "ANSWERED", "rr-flat", Money.parse(cost), "EUR", source, "raw", null, null, false, null, null, null);
    }

    private static void write(RatedCdr cdr, int ttlSeconds) {
        cdrs.write(cdr, ttlSeconds).toCompletableFuture().join();
    }

    private static Reply rerate(String account, String body) {
        return gateway.post("/admin/accounts/" + account + "/rerate", body, TestGateway.ADMIN_KEY);
    }

    private static Map<String, RatedCdr> rows(String account) {
        return cdrs.find("rr", account, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"))
                .toCompletableFuture().join().stream().collect(Collectors.toMap(RatedCdr::callId, cdr -> cdr));
    }

    private static Money dayTotal(String account, String day) {
        Map<RollupCell, Usage> cells = rollups.accountDay("rr", account, LocalDate.parse(day)).toCompletableFuture().join();
        return cells.get(new RollupCell(Dimension.TOTAL, "", "EUR")).cost();
    }

    private static long balance(String account) {
        return gateway.account(account).balanceMicros();
    }

    @Test
    @Order(1)
    void aDryRunReportsTheNewPricesAndChangesNothing() {
        Map<String, RatedCdr> before = rows("rr-1");
        long balance = balance("rr-1");
        Reply reply = rerate("rr-2", "{" + PERIOD + "}");
        assertEquals(200, reply.status(), reply.body());
        JsonObject report = reply.json();
        assertFalse(report.getBoolean("applied"));
        assertEquals(1, report.getInteger("calls"));
        assertEquals(1, report.getInteger("changed"));
        assertEquals("0.600000", report.getString("oldTotal"));
        assertEquals("0.900000", report.getString("newTotal"));
        assertFalse(report.containsKey("ledger"));

        JsonObject mine = rerate("rr-1", "{" + PERIOD + ",\"apply\":false}").json();
        assertEquals(5, mine.getInteger("calls"));
        assertEquals(3, mine.getInteger("changed"), mine.encodePrettily());
        assertEquals(1, mine.getJsonObject("skipped").getInteger("UNANSWERED"));
        assertEquals(1, mine.getJsonObject("skipped").getInteger("SECONDS_UNKNOWN"));
        assertEquals("3.000000", mine.getString("oldTotal"));       // 1.20 + 0.60 + 0.60 + 0 + 0.60
        assertEquals("4.200000", mine.getString("newTotal"));     // 1.80 + 0.90 + 0.90 + 0 + 0.60 (kept)
        assertEquals(before, rows("rr-1"));
        assertEquals(balance, balance("rr-1"));
    }

    @Test
    @Order(4)
    void applyingCorrectsTheLedgerRewritesTheRowsAndRollsTheDaysUpOnce() {
        long balance = balance("rr-1");
        assertEquals(Money.parse("1.80"), dayTotal("rr-1", "2026-11-10"));
        assertEquals(Money.parse("1.20"), dayTotal("rr-1", "2026-11-11"));

        JsonObject report = rerate("rr-1", "{" + PERIOD + ",\"apply\":true}").json();
        assertTrue(report.getBoolean("applied"));
        assertEquals(3, report.getInteger("changed"));
        assertEquals(3, report.getInteger("rowsRewritten"));
        JsonObject ledger = report.getJsonObject("ledger");
        assertEquals(2, ledger.getInteger("CORRECTED"), ledger.encode());   // the live call and the posted one
        assertEquals(1, ledger.getInteger("NOT_CHARGED"), ledger.encode()); // the history-only import
        // The ledger moved by the live call's 0.60 and the posted call's 0.30, nothing for the history-only import.
        assertEquals(balance - Money.parse("0.90").micros(), balance("rr-1"));
        List<Transfer> corrections = admin.transfersOf("rr-1").stream()
                .filter(transfer -> transfer.kind() == TransferKind.CORRECTION).toList();
        assertEquals(2, corrections.size());
        assertEquals(Money.parse("1.80").micros() + Money.parse("0.90").micros(),
                corrections.stream().mapToLong(Transfer::callCostMicros).sum());

        Map<String, RatedCdr> after = rows("rr-1");
        assertEquals(Money.parse("1.80"), after.get("live-1").cost());
        assertEquals(120, after.get("live-1").billedSeconds());
        assertEquals(Money.parse("0.90"), after.get("posted-1").cost());
        assertEquals(Money.parse("0.90"), after.get("history-1").cost());
        assertEquals(Money.parse("0.60"), after.get("old-1").cost());
        assertEquals(Money.parse("0.60"), after.get("later-1").cost());
        assertEquals(Money.parse("0.60"), rows("rr-2").get("other-1").cost());
        // The posted row was kept for a year: its rewrite keeps what was left of that, no more.
        Integer ttl = session.execute("SELECT TTL(cost_micros) FROM " + KEYSPACE + ".cdrs_by_account_day WHERE tenant_id = 'rr'"
                + " AND account_id = 'rr-1' AND day = '2026-11-10' AND start_time = '2026-11-10T10:00:00Z'"
                + " AND call_id = 'posted-1'").one().get(0, Integer.class);
        assertTrue(ttl > 31_536_000 - 600 && ttl <= 31_536_000, "ttl " + ttl);
        assertEquals(Money.parse("2.70"), dayTotal("rr-1", "2026-11-10"));
        assertEquals(Money.parse("1.50"), dayTotal("rr-1", "2026-11-11"));
        assertTrue(rollups.pendingDays("rr", "rr-1").toCompletableFuture().join().isEmpty());

        // Again: nothing to change, nothing moves.
        JsonObject again = rerate("rr-1", "{" + PERIOD + ",\"apply\":true}").json();
        assertEquals(0, again.getInteger("changed"));
        assertEquals("4.200000", again.getString("oldTotal"));
        assertEquals(again.getString("oldTotal"), again.getString("newTotal"));
        assertEquals(balance - Money.parse("0.90").micros(), balance("rr-1"));
    }

    @Test
    @Order(2)
    void badRequestsAndOtherCallersChangeNothing() {
        Map<String, RatedCdr> before = rows("rr-2");
        long balance = balance("rr-2");
        assertEquals(400, rerate("rr-2", "{\"from\":\"2026-11-12T00:00:00Z\",\"to\":\"2026-11-10T00:00:00Z\"}").status());
        assertEquals(400, rerate("rr-2", "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-11-10T00:00:00Z\"}").status());
        assertEquals(400, rerate("rr-2", "{\"from\":\"yesterday\",\"to\":\"2026-11-10T00:00:00Z\",\"apply\":true}").status());
        assertEquals(400, rerate("rr-2", "{" + PERIOD + ",\"apply\":\"yes\"}").status());
        assertEquals(400, rerate("rr-2", "{" + PERIOD + ",\"apply\":true,\"plan\":\"cheap\"}").status());
        assertEquals(400, rerate("rr-2", "{" + PERIOD + ",\"apply\":true").status());
        Reply unknown = rerate("nobody", "{" + PERIOD + ",\"apply\":true}");
        assertEquals(404, unknown.status());
        assertEquals("ACCOUNT_UNKNOWN", unknown.errorCode());
        Reply tenant = gateway.post("/admin/accounts/rr-2/rerate", "{" + PERIOD + ",\"apply\":true}", "rerate-tenant-key-0001");
        assertTrue(tenant.status() == 401 || tenant.status() == 403, tenant.status() + " " + tenant.body());
        assertEquals(before, rows("rr-2"));
        assertEquals(balance, balance("rr-2"));
    }

    @Test
    @Order(3)
    void aPeriodWithMoreCdrsThanOneRunReadsIsRefusedWholeBeforeAnythingChanges() {
        Map<String, RatedCdr> before = rows("rr-1");
        long balance = balance("rr-1");
        PeriodRerating small = new PeriodRerating(cdrs, rollups, charging, 2);
        assertThrows(PeriodRerating.TooLarge.class, () -> small.run(gateway.account("rr-1"),
                Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-12T00:00:00Z"),
                new CdrRepricer(null, planId -> admin.ratePlan(planId).orElse(null)), 0, true, 0));
        assertEquals(before, rows("rr-1"));
        assertEquals(balance, balance("rr-1"));
    }
}
