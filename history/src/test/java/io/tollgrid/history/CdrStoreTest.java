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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(CassandraExtension.class)
class CdrStoreTest {
    private static CqlSession session;
    private static CdrStore store;

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
        store = CdrStore.open(session, "history_test", 1);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static RatedCdr cdr(String tenant, String account, String callId, String start, long cost) {
        Instant startTime = Instant.parse(start);
        return new RatedCdr(tenant, account, callId, "359888000001", "442071234567", startTime, startTime.plusSeconds(2),
                startTime.plusSeconds(62), 60, 60, "ANSWERED", "plan-1/44", Money.ofMicros(cost), "EUR", "test",
                "{\"raw\":true}");
    }

    /**
     * A full batch of the gateway's CDRs (each with its stop's JSON as the raw record, as at 250 stops/s) is split so
     * that Cassandra answers no batch with a size warning, and every row lands.
     */
    @Test
    void aFullBatchOfGatewayCdrsDrawsNoBatchSizeWarningAndEveryRowLands() {
        List<RatedCdr> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * CdrStore.MAX_PARTITIONS_PER_BATCH + 3; i++) {
            Instant start = Instant.parse("2026-03-05T10:00:00Z").plusSeconds(i);
            String raw = "{\"callId\":\"8goxuj42i-" + i + "\",\"account\":\"lg-hot-" + i + "\",\"durationSeconds\":75,"
                    + "\"reason\":\"normal\",\"carrierId\":null,\"stoppedAt\":\"2026-03-05T10:01:15.000Z\",\"switch\":\"sw-01\"}";
            batch.add(new RatedCdr("t1", "acc-batch-" + i, "8goxuj42i-" + i, "359888000001", "442071234567", start,
                    start.plusSeconds(2), start.plusSeconds(77), 75, 78, "ANSWERED", "loadgen-flat", Money.ofMicros(31_000),
                    "EUR", "gateway", raw, null, null, false, null, null, null, "1001", "Sales",
                    RatedCdr.Direction.OUTBOUND, null));
        }
        long warningsBefore = CdrStore.serverWarnings();

        store.writeBatch(batch, java.util.Collections.nCopies(batch.size(), 0)).toCompletableFuture().join();

        assertEquals(warningsBefore, CdrStore.serverWarnings(), "Cassandra warned of a batch");
        for (RatedCdr cdr : batch) {
            assertEquals(List.of(cdr), store.find("t1", cdr.accountId(), Instant.parse("2026-03-05T00:00:00Z"),
                    Instant.parse("2026-03-06T00:00:00Z")).toCompletableFuture().join());
        }
    }

    /**
     * A backlog drains an account's calls together: a full write holding 150 calls of one account's day (more than
     * one request of that partition takes), 40 of its next day and 66 single calls of other accounts lands every row
     * once, with no batch-size warning from Cassandra.
     */
    @Test
    void aFullWriteOfOneAccountsDaysAndSingleCallsLandsEveryRowWithoutWarnings() {
        List<RatedCdr> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            batch.add(cdr("t1", "acc-backlog", "day1-" + i, Instant.parse("2026-03-07T10:00:00Z").plusSeconds(i).toString(), 1_000 + i));
        }
        for (int i = 0; i < 66; i++) {
            batch.add(cdr("t1", "acc-single-" + i, "one-" + i, "2026-03-07T11:00:00Z", 7_000 + i));
            if (i < 40) {
                batch.add(cdr("t1", "acc-backlog", "day2-" + i, Instant.parse("2026-03-08T09:00:00Z").plusSeconds(i).toString(), 2_000 + i));
            }
        }
        assertEquals(CdrStore.MAX_BATCH, batch.size());
        long warningsBefore = CdrStore.serverWarnings();

        store.writeBatch(batch, java.util.Collections.nCopies(batch.size(), 0)).toCompletableFuture().join();

        assertEquals(warningsBefore, CdrStore.serverWarnings(), "Cassandra warned of a batch");
        List<RatedCdr> backlogAccount = store.find("t1", "acc-backlog", Instant.parse("2026-03-07T00:00:00Z"),
                Instant.parse("2026-03-09T00:00:00Z")).toCompletableFuture().join();
        assertEquals(batch.stream().filter(c -> c.accountId().equals("acc-backlog")).toList(), backlogAccount);
        for (RatedCdr single : batch.stream().filter(c -> c.accountId().startsWith("acc-single-")).toList()) {
            assertEquals(List.of(single), store.find("t1", single.accountId(), Instant.parse("2026-03-07T00:00:00Z"),
                    Instant.parse("2026-03-08T00:00:00Z")).toCompletableFuture().join());
        }
    }

    @Test
    void writingTheSameCallTwiceKeepsOneRow() {
        RatedCdr call = cdr("t1", "acc-dup", "call-1", "2026-03-01T10:00:00Z", 50_000);
        store.write(call).toCompletableFuture().join();
        store.write(call).toCompletableFuture().join();

        List<RatedCdr> found = store.find("t1", "acc-dup", Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z")).toCompletableFuture().join();

        assertEquals(List.of(call), found);
    }

    @Test
    void aRangeAcrossMidnightReadsBothDaysInOrderAndExcludesTheEnd() {
        RatedCdr beforeMidnight = cdr("t1", "acc-range", "a", "2026-03-01T23:59:30Z", 1);
        RatedCdr afterMidnight = cdr("t1", "acc-range", "b", "2026-03-02T00:00:10Z", 2);
        RatedCdr atEnd = cdr("t1", "acc-range", "c", "2026-03-02T01:00:00Z", 3);
        for (RatedCdr each : List.of(atEnd, afterMidnight, beforeMidnight)) {
            store.write(each).toCompletableFuture().join();
        }

        List<RatedCdr> found = store.find("t1", "acc-range", Instant.parse("2026-03-01T23:00:00Z"),
                Instant.parse("2026-03-02T01:00:00Z")).toCompletableFuture().join();

        assertEquals(List.of(beforeMidnight, afterMidnight), found);
    }

    @Test
    void anotherTenantCannotReadTheRowsEvenWithTheSameAccountId() {
        store.write(cdr("tenant-a", "shared-id", "x", "2026-04-01T12:00:00Z", 7)).toCompletableFuture().join();

        List<RatedCdr> seenByB = store.find("tenant-b", "shared-id", Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-04-02T00:00:00Z")).toCompletableFuture().join();
        List<RatedCdr> seenByA = store.find("tenant-a", "shared-id", Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-04-02T00:00:00Z")).toCompletableFuture().join();

        assertTrue(seenByB.isEmpty());
        assertEquals(1, seenByA.size());
    }

    @Test
    void legsOfOneCallAreRowsOfTheirOwnWithTheirLegAndAnsweredParty() {
        Instant start = Instant.parse("2026-05-01T09:00:00Z");
        RatedCdr unanswered = new RatedCdr("t1", "acc-legs", RatedCdr.legCallId("1768464000.7", "PJSIP/1003-0000000a"),
                "1001", "600", start, null, start.plusSeconds(12), 12, 0, "NO_ANSWER", "unrated", Money.ZERO, "EUR",
                "asterisk-csv", "raw-1", "PJSIP/1003-0000000a", null);
        RatedCdr answered = new RatedCdr("t1", "acc-legs", RatedCdr.legCallId("1768464000.7", null), "1001", "600", start,
                start.plusSeconds(4), start.plusSeconds(64), 64, 60, "ANSWERED", "plan-1/44", Money.ofMicros(30_000),
                "EUR", "asterisk-csv", "raw-2", null, "PJSIP/1002-00000009");
        store.write(answered).toCompletableFuture().join();
        store.write(unanswered).toCompletableFuture().join();

        List<RatedCdr> found = store.find("t1", "acc-legs", start, start.plusSeconds(1)).toCompletableFuture().join();

        assertEquals(List.of(answered, unanswered), found);
        assertEquals("1768464000.7;leg=PJSIP/1003-0000000a", found.get(1).callId());
    }

    @Test
    void aLegMustBePartOfTheCallId() {
        Instant start = Instant.parse("2026-05-01T09:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new RatedCdr("t1", "a", "u-1", "1", "2", start, null, start,
                0, 0, "NO_ANSWER", "unrated", Money.ZERO, "EUR", "x", "raw", "3", null));
    }

    @Test
    void aTableOfTheFirstReleaseGainsTheLegColumnsAndKeepsItsRows() {
        String keyspace = "history_old_shape";
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("DROP TABLE IF EXISTS " + keyspace + ".cdrs_by_account_day");
        session.execute("CREATE TABLE " + keyspace + ".cdrs_by_account_day ("
                + " tenant_id text, account_id text, day date, start_time timestamp, call_id text,"
                + " caller text, callee text, answer_time timestamp, end_time timestamp,"
                + " duration_seconds bigint, billed_seconds bigint, disposition text, rate_id text,"
                + " cost_micros bigint, currency text, source text, raw text,"
                + " PRIMARY KEY ((tenant_id, account_id, day), start_time, call_id))");
        session.execute("INSERT INTO " + keyspace + ".cdrs_by_account_day (tenant_id, account_id, day, start_time, call_id,"
                + " caller, callee, end_time, duration_seconds, billed_seconds, disposition, rate_id, cost_micros, currency,"
                + " source, raw) VALUES ('t1', 'old', '2026-02-01', '2026-02-01T10:00:00Z', 'u-old', '1001', '442071234567',"
                + " '2026-02-01T10:01:00Z', 60, 60, 'ANSWERED', 'plan-1/44', 30000, 'EUR', 'asterisk-csv', 'raw')");

        CdrStore upgraded = CdrStore.open(session, keyspace, 1);
        CdrStore again = CdrStore.open(session, keyspace, 1);

        List<RatedCdr> found = again.find("t1", "old", Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-02T00:00:00Z")).toCompletableFuture().join();
        assertEquals(1, found.size());
        assertEquals("u-old", found.get(0).callId());
        assertEquals(Money.ofMicros(30_000), found.get(0).cost());
        assertEquals(null, found.get(0).leg());
        assertEquals(false, found.get(0).estimated(), "a row from before estimates is not one");
        assertEquals(null, found.get(0).carrierId(), "a row from before carriers names none");
        assertEquals(null, found.get(0).buyCost());
        assertEquals(null, found.get(0).margin());
        assertEquals(null, found.get(0).trunk(), "a row from before trunks names none");
        assertEquals(HangupCause.UNKNOWN, found.get(0).cause(), "nor a cause");
        assertEquals(RatedCdr.NO_PDD, found.get(0).pddMs(), "nor a post-dial delay");
        RatedCdr leg = new RatedCdr("t1", "old", RatedCdr.legCallId("u-old", "2"), "1001", "1002",
                Instant.parse("2026-02-01T10:00:00Z"), null, Instant.parse("2026-02-01T10:00:05Z"), 5, 0, "NO_ANSWER",
                "unrated", Money.ZERO, "EUR", "asterisk-csv", "raw-2", "2", null);
        upgraded.write(leg).toCompletableFuture().join();
        assertEquals(List.of(found.get(0), leg), again.find("t1", "old", Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-02T00:00:00Z")).toCompletableFuture().join());
    }

    @Test
    void anEstimatedCdrSaysSoAndTheLateStopsRowReplacesItUnderTheSameKey() {
        RatedCdr real = cdr("t1", "acc-est", "lost-stop", "2026-03-05T10:00:00Z", 42_000);
        RatedCdr estimate = new RatedCdr(real.tenantId(), real.accountId(), real.callId(), real.caller(), real.callee(),
                real.startTime(), real.answerTime(), real.startTime().plusSeconds(302), 300, 300, "ANSWERED",
                real.rateId(), Money.ofMicros(300_000), "EUR", "gateway", "", null, null, true);
        Instant from = Instant.parse("2026-03-05T00:00:00Z");
        Instant to = Instant.parse("2026-03-06T00:00:00Z");

        store.write(estimate).toCompletableFuture().join();
        assertEquals(List.of(estimate), store.find("t1", "acc-est", from, to).toCompletableFuture().join());
        assertTrue(store.find("t1", "acc-est", from, to).toCompletableFuture().join().get(0).estimated());

        store.write(real).toCompletableFuture().join();
        assertEquals(List.of(real), store.find("t1", "acc-est", from, to).toCompletableFuture().join(),
                "one row, the real one, no longer flagged");
    }

    @Test
    void aCdrKeepsItsPbxTrunkAndCauseAndRefusesATrunkLongerThanANameAndACauseOutsideQ850() {
        RatedCdr inbound = cdr("t1", "acc-trunk", "in-on-trunk", "2026-03-08T10:00:00Z", 20_000).viaTrunk("telco-in")
                .withCause(HangupCause.NORMAL_CLEARING);
        RatedCdr internal = cdr("t1", "acc-trunk", "internal", "2026-03-08T11:00:00Z", 0).viaTrunk("");
        Instant from = Instant.parse("2026-03-08T00:00:00Z");

        store.write(inbound).toCompletableFuture().join();
        store.write(internal).toCompletableFuture().join();

        List<RatedCdr> found = store.find("t1", "acc-trunk", from, from.plusSeconds(86_400)).toCompletableFuture().join();
        assertEquals(List.of(inbound, internal), found);
        assertEquals("telco-in", found.get(0).trunk());
        assertEquals(16, found.get(0).cause());
        assertEquals(null, found.get(1).trunk(), "an empty trunk is none");
        assertEquals(HangupCause.UNKNOWN, found.get(1).cause());
        assertThrows(IllegalArgumentException.class, () -> inbound.withCause(128));
        assertThrows(IllegalArgumentException.class, () -> inbound.withPdd(RatedCdr.MAX_PDD_MS + 1));
        assertThrows(IllegalArgumentException.class, () -> inbound.withPdd(-2));
        assertThrows(IllegalArgumentException.class, () -> inbound.viaTrunk("t".repeat(RatedCdr.MAX_NAME_LENGTH + 1)));
    }

    @Test
    void aCdrKeepsItsPostDialDelayAndOneWithoutReadsNone() {
        RatedCdr slow = cdr("t1", "acc-pdd", "slow", "2026-03-09T10:00:00Z", 20_000).withPdd(4_321);
        RatedCdr instant = cdr("t1", "acc-pdd", "instant", "2026-03-09T10:01:00Z", 20_000).withPdd(0);
        RatedCdr none = cdr("t1", "acc-pdd", "none", "2026-03-09T10:02:00Z", 20_000);
        Instant from = Instant.parse("2026-03-09T00:00:00Z");
        for (RatedCdr cdr : List.of(slow, instant, none)) {
            store.write(cdr).toCompletableFuture().join();
        }
        List<RatedCdr> found = store.find("t1", "acc-pdd", from, from.plusSeconds(86_400)).toCompletableFuture().join();
        assertEquals(List.of(slow, instant, none), found);
        assertEquals(List.of(4_321, 0, RatedCdr.NO_PDD), found.stream().map(RatedCdr::pddMs).toList());
    }

    @Test
    void aCdrCarriesTheConnectedCarrierItsBuyCostAndTheMarginAndRefusesAMarginThatDoesNotAddUp() {
        RatedCdr plain = cdr("t1", "acc-carrier", "via-carrier", "2026-03-07T10:00:00Z", 200_000);
        RatedCdr routed = new RatedCdr(plain.tenantId(), plain.accountId(), plain.callId(), plain.caller(), plain.callee(),
                plain.startTime(), plain.answerTime(), plain.endTime(), plain.durationSeconds(), plain.billedSeconds(),
                plain.disposition(), plain.rateId(), plain.cost(), "EUR", "gateway", "", null, null, false, "carrier-b",
                Money.ofMicros(150_000), Money.ofMicros(50_000));
        RatedCdr loss = new RatedCdr(plain.tenantId(), plain.accountId(), "at-a-loss", plain.caller(), plain.callee(),
                plain.startTime(), plain.answerTime(), plain.endTime(), plain.durationSeconds(), plain.billedSeconds(),
                plain.disposition(), plain.rateId(), plain.cost(), "EUR", "gateway", "", null, null, false, "carrier-c",
                Money.ofMicros(260_000), Money.ofMicros(-60_000));
        Instant from = Instant.parse("2026-03-07T00:00:00Z");

        store.write(routed).toCompletableFuture().join();
        store.write(loss).toCompletableFuture().join();

        assertEquals(List.of(loss, routed), store.find("t1", "acc-carrier", from, from.plusSeconds(86_400))
                .toCompletableFuture().join());
        assertThrows(IllegalArgumentException.class, () -> new RatedCdr("t1", "a", "u", "1", "2", from, null, from, 0, 0,
                "NO_ANSWER", "r", Money.ofMicros(100), "EUR", "gateway", "", null, null, false, "c", Money.ofMicros(40),
                Money.ofMicros(70)), "margin is cost - buy cost: 100 - 40 is not 70");
        assertThrows(IllegalArgumentException.class, () -> new RatedCdr("t1", "a", "u", "1", "2", from, null, from, 0, 0,
                "NO_ANSWER", "r", Money.ofMicros(100), "EUR", "gateway", "", null, null, false, null, Money.ofMicros(40),
                Money.ofMicros(60)), "a buy cost without a carrier");
    }

    @Test
    void aCdrKeepsItsExtensionDirectionAndCallTypeAndAnOlderRowHasNone() {
        RatedCdr old = cdr("t1", "acc-class", "before", "2026-03-08T10:00:00Z", 10_000);
        RatedCdr classified = cdr("t1", "acc-class", "after", "2026-03-08T11:00:00Z", 20_000)
                .classified("1001", RatedCdr.Direction.OUTBOUND, io.tollgrid.rating.CallType.MOBILE).inDepartment("Sales");
        store.write(old).toCompletableFuture().join();
        store.write(classified).toCompletableFuture().join();

        List<RatedCdr> found = store.find("t1", "acc-class", Instant.parse("2026-03-08T00:00:00Z"),
                Instant.parse("2026-03-09T00:00:00Z")).toCompletableFuture().join();

        assertEquals(List.of(old, classified), found);
        assertEquals(null, found.get(0).extension());
        assertEquals(null, found.get(0).callType());
        assertEquals("1001", found.get(1).extension());
        assertEquals(RatedCdr.Direction.OUTBOUND, found.get(1).direction());
        assertEquals("Sales", found.get(1).department());
        assertEquals(io.tollgrid.rating.CallType.MOBILE, found.get(1).callType());
        assertEquals(found.get(1), found.get(1).onAccount("acc-class"), "moving to the same account changes nothing");
        assertThrows(IllegalArgumentException.class, () -> old.classified("1".repeat(RatedCdr.MAX_NAME_LENGTH + 1),
                null, null));
    }

    @Test
    void rangesThatAreEmptyOrTooLongAreRejected() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> store.find("t1", "a", t, t));
        assertThrows(IllegalArgumentException.class, () -> store.find("t1", "a", t, t.plusSeconds(367L * 86400)));
    }
}
