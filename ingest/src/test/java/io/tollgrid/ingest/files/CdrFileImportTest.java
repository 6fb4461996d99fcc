package io.tollgrid.ingest.files;

import com.datastax.oss.driver.api.core.CqlSession;
import com.hazelcast.jet.core.JobStatus;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.TestDecks;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.Dimension;
import io.tollgrid.history.rollup.RollupCell;
import io.tollgrid.history.rollup.Usage;
import io.tollgrid.ingest.Ingest;
import io.tollgrid.ingest.IngestSettings;
import io.tollgrid.ingest.formats.AsteriskCsv;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Asterisk Master.csv dropped into a running ingest (real Cassandra, a real grid node holding the rate
 * deck, the real Jet job) becomes exactly the rated CDRs, archive rows and rejects it should; the same file
 * dropped again changes nothing; and a file cut off by stopping ingest mid-way is finished after the
 * restart with every line once.
 */
@ExtendWith(CassandraExtension.class)
class CdrFileImportTest {
    private static final String SOURCE = "pbx-sofia";
    /**
     * files-plan: 44 at 0.03/min + 0.01 connect, 30/6; 359 at 0.10/min + 0.02 connect, 60/60. Numbers from
     * pbx-sofia lose an access code 9, then 00 means international and 0 means Bulgaria (359).
     */
    private static final Map<String, String> DECK = deck();
    /** Sofia is UTC+2 in January. */
    private static final List<String> LINES = List.of(
            // 1: 9 + 00 44 20 7123 4567, 90 s: 30 + 10 x 6 = 90 billed; 0.01 + 0.03 x 90/60 = 0.055.
            "\"acc-1001\",\"1001\",\"900442071234567\",\"from-internal\",\"\"\"Ivanov, Petar\"\" <1001>\","
                    + "\"PJSIP/1001-00000001\",\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/900442071234567@trunk,60\","
                    + "\"2026-01-15 10:00:00\",\"2026-01-15 10:00:05\",\"2026-01-15 10:01:35\",95,90,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"1768464000.1\",\"\"",
            // 2: no uniqueid column; national 0 29876543 → 35929876543, 61 s: 120 billed; 0.02 + 0.10 x 2 = 0.22.
            "\"acc-1002\",\"1002\",\"029876543\",\"from-internal\",\"\",\"PJSIP/1002-00000003\",\"PJSIP/trunk-00000004\","
                    + "\"Dial\",\"\",\"2026-01-15 11:00:00\",\"2026-01-15 11:00:09\",\"2026-01-15 11:01:10\",70,61,"
                    + "\"ANSWERED\",\"DOCUMENTATION\"",
            // 3: not answered: free, no billed seconds.
            "\"acc-1001\",\"1001\",\"9029876543\",\"from-internal\",\"\",\"PJSIP/1001-00000005\",\"\",\"Dial\",\"\","
                    + "\"2026-01-15 12:00:00\",\"\",\"2026-01-15 12:00:20\",20,0,\"NO ANSWER\",\"DOCUMENTATION\","
                    + "\"1768471200.5\",\"\"",
            // 4-9: rejects.
            "\"acc-1001\",\"1001\",\"900442071234567\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-01-15 13:00:00\",\"2026-01-15 13:00:01\",\"2026-01-15 13:00:10\",10,ninety,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"u-4\",\"\"",
            "\"acc-1001\",\"1001\",\"900442071234567\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-01-15 13:00:00\",\"\",\"2026-01-15 13:00:00\",-5,0,\"NO ANSWER\",\"DOCUMENTATION\",\"u-5\",\"\"",
            "\"acc-1001\",\"1001\",\"900442071234567\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-02-30 13:00:00\",\"\",\"2026-02-30 13:00:10\",10,0,\"NO ANSWER\",\"DOCUMENTATION\",\"u-6\",\"\"",
            "\"acc-1001\",\"1001\",\"900442071234567\",\"2026-01-15 13:00:00\",10",
            "\"\",\"1003\",\"900442071234567\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-01-15 13:00:00\",\"2026-01-15 13:00:01\",\"2026-01-15 13:00:10\",10,9,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"u-8\",\"\"",
            "\"acc-1001\",\"1001\",\"900161355500000\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-01-15 13:00:00\",\"2026-01-15 13:00:01\",\"2026-01-15 13:00:31\",31,30,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"u-9\",\"\"");

    @TempDir
    static Path dir;
    private static Ignite server;
    private static Ignite client;
    private static CqlSession session;
    private static CdrStore cdrs;
    private static LineArchive archive;
    private static Ingest ingest;
    private static FileSource source;
    private static final String POSTING = "pbx-post";
    private static final String PARKING = "pbx-park";
    private static FileSource posting;
    private static FileSource parking;
    private static long deckVersion;
    private static IngestSettings settings;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("files-server");
        server = GridNodes.startServer(grid);
        client = GridNodes.startClient(grid.withInstanceName("files-client"));
        new GridAdmin(client).putTenant("t1", "T1", "t1-key-0123456789abcdef");
        deckVersion = new RateDecks(client).upload(DECK, System.currentTimeMillis()).version();
        source = new FileSource(SOURCE, AsteriskCsv.parser(ZoneId.of("Europe/Sofia")), "t1", AccountRule.fromRecord(null),
                "files-plan", "EUR", SOURCE, null, dir.resolve(SOURCE));
        // The same PBX's numbering (the deck's pbx-sofia dial rule), its CDRs posted to the ledger.
        posting = new FileSource(POSTING, AsteriskCsv.parser(ZoneId.of("Europe/Sofia")), "t1", AccountRule.fromRecord(null),
                "files-plan", "EUR", SOURCE, null, dir.resolve(POSTING)).withPosting(PostRule.rejectingUnknown());
        parking = new FileSource(PARKING, AsteriskCsv.parser(ZoneId.of("Europe/Sofia")), "t1", AccountRule.fromRecord(null),
                "files-plan", "EUR", SOURCE, null, dir.resolve(PARKING)).withPosting(PostRule.parkingOn("acc-suspense"));
        GridAdmin admin = new GridAdmin(client);
        admin.putRatePlan("files-plan", new io.tollgrid.rating.FlatRate(Money.parse("9.99"), Money.ZERO, 60, 60));
        // acc-post: prepaid 1.00, low-balance alert under 0.80. acc-over: postpaid to 0.05, daily cap 0.05.
        admin.openAccount(Account.open("t1", "acc-post", "EUR", "files-plan", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse("1.00").micros(), 0, Money.parse("0.80").micros()));
        admin.openAccount(Account.open("t1", "acc-over", "EUR", "files-plan", PayType.POSTPAID, ReservationStrategy.FULL,
                new AccountLimits(0, 0, 0, 0, Money.parse("0.05").micros(), 300), 0, Money.parse("0.05").micros(), 0));
        admin.createAccount("t1", "acc-suspense", "EUR", "files-plan", Money.ZERO, Money.parse("100"));
        admin.createAccount("t1", "acc-live", "EUR", "files-plan", Money.parse("1.00"), Money.ZERO);
        CassandraConnection connection = CassandraConnection.parse(cassandra.spec());
        settings = new IngestSettings(FreePorts.nextRange(3), "files-test", grid.withInstanceName("files-ingest"),
                connection, "files", 1).withFiles(new FileIngestSettings(dir, 50, 0, List.of(source, posting, parking)));
        session = connection.openSession();
        cdrs = CdrStore.open(session, "files", 1);
        archive = LineArchive.open(session, "files");
        ingest = Ingest.start(settings);
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        session.close();
        client.close();
        server.close();
    }

    @Test
    void aFileBecomesRatedCdrsArchivedLinesAndRejectsAndADroppedAgainFileChangesNothing() throws Exception {
        String name = "Master-20260115.csv";
        Path file = dir.resolve(name);
        Files.write(file, LINES);
        String key = name + "#" + IncomingFiles.contentHash(file);
        double badNumbersBefore = rejectedCount(RejectReason.BAD_NUMBER);

        drop(file, name);
        awaitTrue(() -> Files.exists(source.done().resolve(name)), "the file was not moved to done/");
        assertFalse(Files.exists(source.incoming().resolve(name)));

        List<RatedCdr> first = rows();
        assertEquals(3, first.size(), first.toString());
        RatedCdr london = first.get(0);
        assertEquals("1768464000.1", london.callId());
        assertEquals("acc-1001", london.accountId());
        assertEquals("1001", london.caller());
        assertEquals("442071234567", london.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), london.startTime());
        assertEquals(Instant.parse("2026-01-15T08:00:05Z"), london.answerTime());
        assertEquals(Instant.parse("2026-01-15T08:01:35Z"), london.endTime());
        assertEquals(90, london.durationSeconds()); // answered seconds (billsec), not the 95 from setup
        assertEquals(90, london.billedSeconds());
        assertEquals(Money.parse("0.055"), london.cost());
        assertEquals("files-plan/44@v" + deckVersion, london.rateId());
        assertEquals("ANSWERED", london.disposition());
        assertEquals("EUR", london.currency());
        assertEquals("asterisk-csv", london.source());
        assertEquals(LINES.get(0), london.raw());
        assertEquals("1001", london.extension(), "a PBX's extension is the short caller");
        assertEquals(RatedCdr.Direction.OUTBOUND, london.direction());
        assertEquals(io.tollgrid.rating.CallType.INTERNATIONAL, london.callType(), "from the deck's call_types.csv");

        RatedCdr unanswered = first.get(2);
        assertEquals("1768471200.5", unanswered.callId());
        assertEquals("35929876543", unanswered.callee());
        assertNull(unanswered.answerTime());
        assertEquals(0, unanswered.billedSeconds());
        assertEquals(Money.ZERO, unanswered.cost());
        assertEquals("NO_ANSWER", unanswered.disposition());

        RatedCdr sofia = first.get(1);
        assertEquals("acc-1002", sofia.accountId());
        assertEquals("nocallid:1002>029876543", sofia.callId());
        assertEquals("35929876543", sofia.callee());
        assertEquals(Instant.parse("2026-01-15T09:00:00Z"), sofia.startTime());
        assertEquals(120, sofia.billedSeconds());
        assertEquals(Money.parse("0.22"), sofia.cost());
        assertEquals("files-plan/359@v" + deckVersion, sofia.rateId());
        assertEquals(io.tollgrid.rating.CallType.LOCAL, sofia.callType(), "Sofia's 2 after the country code");
        assertEquals("1002", sofia.extension());

        assertEquals(LINES, archive.lines(SOURCE, key), "every line is archived as it was read");
        List<LineReject> rejects = archive.rejects(SOURCE, key);
        assertEquals(List.of(4, 5, 6, 7, 8, 9), rejects.stream().map(LineReject::line).toList());
        assertEquals(List.of(RejectReason.BAD_NUMBER, RejectReason.NEGATIVE_DURATION, RejectReason.BAD_TIME,
                RejectReason.WRONG_COLUMN_COUNT, RejectReason.MISSING_ACCOUNT, RejectReason.UNRATED),
                rejects.stream().map(LineReject::reason).toList());
        assertEquals("billsec (column 14) is not a whole number: ninety", rejects.get(0).detail());
        assertEquals(LINES.get(3), rejects.get(0).raw());
        assertEquals(name, rejects.get(0).fileName());
        assertEquals(badNumbersBefore + 1, rejectedCount(RejectReason.BAD_NUMBER));

        // The same file again (a replay, as after a crash before the move): the same keys, so the same rows.
        drop(file, name);
        Path again = source.done().resolve(name + "." + key.substring(key.indexOf('#') + 1));
        awaitTrue(() -> Files.exists(again), "the dropped-again file was not moved to done/ under its hash");
        assertEquals(first, rows(), "a replayed file must leave exactly the rows it wrote the first time");
        assertEquals(6, archive.rejects(SOURCE, key).size());
        assertEquals(LINES, archive.lines(SOURCE, key));

        // The daily rollups, recomputed after the replay, still count each call once (docs/rollups.md).
        awaitTrue(() -> ingest.rollups().pendingDays() == 0, "the replayed day was not rolled up again");
        DailyRollups rollups = DailyRollups.open(session, cdrs);
        Map<RollupCell, Usage> day = rollups.accountDay("t1", "acc-1001", java.time.LocalDate.parse("2026-01-15"))
                .toCompletableFuture().join();
        Usage total = day.get(new RollupCell(Dimension.TOTAL, "", "EUR"));
        assertEquals(2, total.calls(), day.toString());
        assertEquals(1, total.answered());
        assertEquals(Money.parse("0.055"), total.cost());
        assertEquals(1, day.get(new RollupCell(Dimension.DESTINATION, "44", "EUR")).calls());
        assertEquals(1, day.get(new RollupCell(Dimension.DESTINATION, "359", "EUR")).calls());
    }

    /**
     * Asterisk 16+ with newcdrcolumns (21 columns, durations and sequence unquoted, an empty answer unquoted),
     * 2026-01-16 in Sofia (UTC+2), account acc-ring.
     */
    private static final List<String> RING_LINES = List.of(
            // 1-3: one forked Dial (1001 dials 9 029876543, the route rings three trunks at once): one uniqueid and
            // start, three legs told apart by dstchannel and sequence; trunk-b answers after 7 s and talks 65 s.
            ring("PJSIP/trunk-a-00000041", "NO ANSWER", "", "2026-01-16 10:00:07", 7, 0, 40),
            ring("PJSIP/trunk-b-00000042", "ANSWERED", "\"2026-01-16 10:00:07\"", "2026-01-16 10:01:12", 72, 65, 41),
            ring("PJSIP/trunk-c-00000043", "NO ANSWER", "", "2026-01-16 10:00:07", 7, 0, 42),
            // 4: an unanswered (busy) call to London: a row at cost 0.
            "\"acc-ring\",\"1001\",\"900442071234567\",\"from-internal\",\"\",\"PJSIP/1001-00000045\","
                    + "\"PJSIP/trunk-a-00000046\",\"Dial\",\"PJSIP/00442071234567@trunk-a\",\"2026-01-16 11:00:00\",,"
                    + "\"2026-01-16 11:00:03\",3,0,\"BUSY\",\"DOCUMENTATION\",\"1768554000.50\",\"\",\"\","
                    + "\"1768554000.50\",43",
            // 5: a disposition Asterisk never writes.
            ring("PJSIP/trunk-a-00000047", "MAYBE", "", "2026-01-16 10:00:07", 7, 0, 44),
            // 6: the voicemail feature code, answered for 20 s: no rate matches *97, and this source does not keep
            // answered feature codes free.
            "\"acc-ring\",\"1001\",\"*97\",\"from-internal\",\"\",\"PJSIP/1001-00000048\",\"\",\"VoiceMailMain\","
                    + "\"\",\"2026-01-16 12:00:00\",\"2026-01-16 12:00:01\",\"2026-01-16 12:00:21\",21,20,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"1768557600.60\",\"\",\"\",\"1768557600.60\",45");

    private static String ring(String dstChannel, String disposition, String answer, String end, long duration,
                               long billsec, int sequence) {
        return "\"acc-ring\",\"1001\",\"9029876543\",\"from-internal\",\"\"\"Ivanov, Petar\"\" <1001>\","
                + "\"PJSIP/1001-00000040\",\"" + dstChannel + "\",\"Dial\","
                + "\"PJSIP/029876543@trunk-a&PJSIP/029876543@trunk-b&PJSIP/029876543@trunk-c,60\",\"2026-01-16 10:00:00\","
                + answer + ",\"" + end + "\"," + duration + "," + billsec + ",\"" + disposition + "\",\"DOCUMENTATION\","
                + "\"1768550400.40\",\"\",\"\",\"1768550400.40\"," + sequence;
    }

    @Test
    void ringGroupLegsAnUnansweredCallAndBadLinesBecomeExactlyTheirRowsHoweverOftenTheFileArrives() throws Exception {
        String name = "Master-ring.csv";
        Path file = dir.resolve(name);
        Files.write(file, RING_LINES);
        String key = name + "#" + IncomingFiles.contentHash(file);

        drop(file, name);
        awaitTrue(() -> Files.exists(source.done().resolve(name)), "the file was not moved to done/");

        List<RatedCdr> rows = ringRows();
        assertEquals(4, rows.size(), rows.toString());
        Instant start = Instant.parse("2026-01-16T08:00:00Z");
        RatedCdr trunkA = rows.get(0);
        assertEquals("1768550400.40;leg=40", trunkA.callId());
        assertEquals("40", trunkA.leg());
        assertEquals(start, trunkA.startTime());
        assertNull(trunkA.answerTime());
        assertEquals("NO_ANSWER", trunkA.disposition());
        assertEquals(0, trunkA.billedSeconds());
        assertEquals(Money.ZERO, trunkA.cost());
        assertNull(trunkA.answeredParty());

        RatedCdr trunkB = rows.get(1);
        assertEquals("1768550400.40;leg=41", trunkB.callId());
        assertEquals("41", trunkB.leg());
        assertEquals(start, trunkB.startTime());
        assertEquals(Instant.parse("2026-01-16T08:00:07Z"), trunkB.answerTime());
        assertEquals(Instant.parse("2026-01-16T08:01:12Z"), trunkB.endTime());
        assertEquals("35929876543", trunkB.callee());
        assertEquals("ANSWERED", trunkB.disposition());
        assertEquals("PJSIP/trunk-b-00000042", trunkB.answeredParty());
        // 65 s at 60/60: 120 s; 0.02 + 0.10 x 2.
        assertEquals(120, trunkB.billedSeconds());
        assertEquals(Money.parse("0.22"), trunkB.cost());
        assertEquals("files-plan/359@v" + deckVersion, trunkB.rateId());
        assertEquals(RING_LINES.get(1), trunkB.raw());

        RatedCdr trunkC = rows.get(2);
        assertEquals("1768550400.40;leg=42", trunkC.callId());
        assertEquals(Money.ZERO, trunkC.cost());

        RatedCdr busy = rows.get(3);
        assertEquals("1768554000.50;leg=43", busy.callId());
        assertEquals(Instant.parse("2026-01-16T09:00:00Z"), busy.startTime());
        assertEquals("442071234567", busy.callee());
        assertEquals("BUSY", busy.disposition());
        assertEquals(0, busy.billedSeconds());
        assertEquals(Money.ZERO, busy.cost());
        assertEquals(Money.parse("0.22").micros(), rows.stream().mapToLong(cdr -> cdr.cost().micros()).sum(),
                "exactly the answered leg is billed");

        List<LineReject> rejects = archive.rejects(SOURCE, key);
        assertEquals(List.of(5, 6), rejects.stream().map(LineReject::line).toList());
        assertEquals(List.of(RejectReason.UNKNOWN_DISPOSITION, RejectReason.UNRATED),
                rejects.stream().map(LineReject::reason).toList());
        assertEquals("disposition is not one Asterisk writes: MAYBE", rejects.get(0).detail());
        assertTrue(rejects.get(1).detail().contains("*97 is a feature code"), rejects.get(1).detail());
        assertEquals(RING_LINES.get(5), rejects.get(1).raw());
        assertEquals(RING_LINES, archive.lines(SOURCE, key));

        // The same file again: the same keys, so the same rows and rejects.
        drop(file, name);
        Path again = source.done().resolve(name + "." + key.substring(key.indexOf('#') + 1));
        awaitTrue(() -> Files.exists(again), "the dropped-again file was not moved to done/ under its hash");
        assertEquals(rows, ringRows(), "a replayed file must leave exactly the rows it wrote the first time");
        assertEquals(rejects, archive.rejects(SOURCE, key));

        // A rotated file holding the whole file twice over: every line lands on a row it already has.
        String rotated = "Master-ring-rotated.csv";
        Path twice = dir.resolve(rotated);
        List<String> doubled = new java.util.ArrayList<>(RING_LINES);
        doubled.addAll(RING_LINES);
        Files.write(twice, doubled);
        drop(twice, rotated);
        awaitTrue(() -> Files.exists(source.done().resolve(rotated)), "the rotated file was not moved to done/");
        assertEquals(rows, ringRows(), "lines already imported change nothing, from whichever file");
        assertEquals(List.of(5, 6, 11, 12), archive.rejects(SOURCE, rotated + "#" + IncomingFiles.contentHash(twice))
                .stream().map(LineReject::line).toList());
    }

    /** An 18-column Asterisk line (uniqueid and userfield) from extension 1001; {@code answer} empty when unanswered. */
    private static String call(String account, String dialled, String start, String answer, String end, String duration,
                               String billsec, String disposition, String uniqueid) {
        return "\"" + account + "\",\"1001\",\"" + dialled + "\",\"from-internal\",\"\",\"PJSIP/1001-00000070\","
                + "\"PJSIP/trunk-00000071\",\"Dial\",\"\",\"" + start + "\",\"" + answer + "\",\"" + end + "\"," + duration
                + "," + billsec + ",\"" + disposition + "\",\"DOCUMENTATION\",\"" + uniqueid + "\",\"\"";
    }

    /** A leg of a forked Dial with newcdrcolumns (21 columns), 2026-01-17 10:00 in Sofia, account acc-post. */
    private static String postRing(String dstChannel, String disposition, String answer, String end, long duration,
                                   long billsec, int sequence) {
        return "\"acc-post\",\"1001\",\"9029876543\",\"from-internal\",\"\",\"PJSIP/1001-00000060\",\"" + dstChannel
                + "\",\"Dial\",\"PJSIP/029876543@trunk-a&PJSIP/029876543@trunk-b,60\",\"2026-01-17 10:00:00\"," + answer
                + ",\"" + end + "\"," + duration + "," + billsec + ",\"" + disposition + "\",\"DOCUMENTATION\","
                + "\"post-ring.1\",\"\",\"\",\"post-ring.1\"," + sequence;
    }

    /**
     * A posting source (post=true): ring-group legs, an unanswered call, a call across the spring DST change, bad lines,
     * an unknown account, a call the switch API billed (its session in the grid) and one whose stop's CDR is in history
     * only, and a call charged past its account's credit limit and daily cap. Checked to the micro: rows, rejects with
     * reasons, transfers, events and balances; then the whole file again, and twice over in a rotated file, moves no
     * money; a stop for a call the file billed first bills nothing; the parking source parks an unknown account's call
     * on its catch-all account.
     */
    @Test
    void postedFilesChargeEachCallOnceFlagLimitsRejectUnknownAccountsAndLeaveLiveBilledCallsToTheirStop() throws Exception {
        ChargingClient charging = new ChargingClient(client);
        try {
            // A call the switch API authorised, answered and stopped: 90 s to London, 0.055, under its call id live-1
            // (a few minutes ago: the reaper would estimate a call authorised in January before its stop came).
            long authorised = LIVE1_START.toEpochMilli();
            assertEquals(Outcome.OK, charging.authorise("acc-post", "live-1", "1001", "442071234567",
                    Direction.OUTBOUND, authorised).join().outcome());
            charging.answer("acc-post", "live-1", authorised + 5_000).join();
            assertEquals(55_000, charging.stop("acc-post", "live-1", 90, authorised + 95_000, "{}").join().costMicros());
            // A call in progress on the switch API (authorised and answered a minute ago, no stop yet): live-3 on
            // acc-live. Now, not in January: the reaper would finish a call silent that long.
            long live3 = LIVE3_START.toEpochMilli();
            assertEquals(Outcome.OK, charging.authorise("acc-live", "live-3", "1001", "442071234567",
                    Direction.OUTBOUND, live3).join().outcome());
            charging.answer("acc-live", "live-3", live3 + 5_000).join();
            // A call billed by a stop long ago: its session has expired from the grid, its CDR is in history.
            cdrs.write(new RatedCdr("t1", "acc-post", "live-2", "1001", "442071234567", Instant.parse("2026-01-17T10:00:00Z"),
                    Instant.parse("2026-01-17T10:00:05Z"), Instant.parse("2026-01-17T10:01:35Z"), 90, 90, "ANSWERED",
                    "files-plan/44@v" + deckVersion, Money.parse("0.055"), "EUR", "gateway", "{}")).toCompletableFuture().join();
        } finally {
            charging.close();
        }
        awaitTrue(() -> live1Rows().stream().anyMatch(cdr -> cdr.callId().equals("live-1")),
                "the stop's CDR of live-1 did not reach history");
        // Sofia is UTC+2 in January; on 2026-03-29 its clocks go from 03:00 to 04:00 (UTC+3).
        List<String> lines = List.of(
                // 1-3: a forked Dial, three legs; only trunk-b answered, 65 s to 359 at 60/60: 0.02 + 0.10 x 2 = 0.22.
                postRing("PJSIP/trunk-a-00000061", "NO ANSWER", "", "2026-01-17 10:00:07", 7, 0, 60),
                postRing("PJSIP/trunk-b-00000062", "ANSWERED", "\"2026-01-17 10:00:07\"", "2026-01-17 10:01:12", 72, 65, 61),
                postRing("PJSIP/trunk-c-00000063", "NO ANSWER", "", "2026-01-17 10:00:07", 7, 0, 62),
                // 4: unanswered: a row at cost 0, nothing posted.
                call("acc-post", "9029876543", "2026-01-17 10:30:00", "", "2026-01-17 10:30:20", "20", "0", "NO ANSWER", "post-unans.2"),
                // 5: London 90 s: 0.055.
                call("acc-post", "900442071234567", "2026-01-17 10:45:00", "2026-01-17 10:45:05", "2026-01-17 10:46:35", "95",
                        "90", "ANSWERED", "post-lon.3"),
                // 6: across the DST change: 00:59:00Z to 01:01:00Z, 55 s talked: 60 billed at 30/6, 0.01 + 0.03 = 0.04.
                call("acc-post", "900442071234567", "2026-03-29 02:59:00", "2026-03-29 04:00:05", "2026-03-29 04:01:00", "120",
                        "55", "ANSWERED", "post-dst.4"),
                // 7: a bad line.
                call("acc-post", "900442071234567", "2026-01-17 10:50:00", "2026-01-17 10:50:05", "2026-01-17 10:51:35", "95",
                        "ninety", "ANSWERED", "post-bad.5"),
                // 8: an account code the grid does not know; this source has no catch-all.
                call("acc-nobody", "900442071234567", "2026-01-17 10:55:00", "2026-01-17 10:55:05", "2026-01-17 10:56:35", "95",
                        "90", "ANSWERED", "post-nobody.6"),
                // 9: the PBX's own CDR of live-1, which the switch API billed (the session is in the grid).
                call("acc-post", "900442071234567", sofia(LIVE1_START), sofia(LIVE1_START.plusSeconds(5)),
                        sofia(LIVE1_START.plusSeconds(95)), "95", "90", "ANSWERED", "live-1"),
                // 10: the PBX's CDR of live-2, 30 s off the stop's start: billed live, found in history.
                call("acc-post", "900442071234567", "2026-01-17 12:00:30", "2026-01-17 12:00:35", "2026-01-17 12:02:05", "95",
                        "90", "ANSWERED", "live-2"),
                // 11: 0.055 on acc-over, whose credit limit and daily cap are 0.05: charged all the same, flagged.
                call("acc-over", "900442071234567", "2026-01-17 13:00:00", "2026-01-17 13:00:05", "2026-01-17 13:01:35", "95",
                        "90", "ANSWERED", "post-over.7"),
                // 12: the PBX's CDR of live-3, still in progress on the switch API: its stop will bill it.
                call("acc-live", "900442071234567", sofia(LIVE3_START), sofia(LIVE3_START.plusSeconds(5)),
                        sofia(LIVE3_START.plusSeconds(95)), "95", "90", "ANSWERED", "live-3"));
        String name = "Master-post.csv";
        Path file = dir.resolve(name);
        Files.write(file, lines);
        String key = name + "#" + IncomingFiles.contentHash(file);
        drop(posting, file, name);
        awaitTrue(() -> Files.exists(posting.done().resolve(name)), "the posting source's file was not moved to done/");

        GridAdmin admin = new GridAdmin(client);
        List<RatedCdr> rows = postRows("acc-post", "2026-01-17");
        // Without newcdrcolumns an unanswered leg's key names its dstchannel (docs/cdr-files.md, "Legs and keys").
        assertEquals(List.of("post-ring.1;leg=60", "post-ring.1;leg=61", "post-ring.1;leg=62",
                        "post-unans.2;leg=PJSIP/trunk-00000071", "post-lon.3", "live-2"),
                rows.stream().map(RatedCdr::callId).toList(), rows.toString());
        assertEquals(List.of("asterisk-csv", "asterisk-csv", "asterisk-csv", "asterisk-csv", "asterisk-csv", "gateway"),
                rows.stream().map(RatedCdr::source).toList(), "the PBX's line of live-2 is no row of its own");
        assertEquals(List.of(0L, 220_000L, 0L, 0L, 55_000L, 55_000L), rows.stream().map(cdr -> cdr.cost().micros()).toList());
        List<RatedCdr> live1 = live1Rows();
        assertEquals(List.of("gateway"), live1.stream().map(RatedCdr::source).toList(), "live-1: the stop's row alone");
        assertEquals(55_000, live1.get(0).cost().micros());
        assertEquals(List.of(), cdrs.find("t1", "acc-live", LIVE3_START.minusSeconds(1), LIVE3_START.plusSeconds(1))
                .toCompletableFuture().join(), "live-3 is in progress: no row until its stop");
        RatedCdr dst = postRows("acc-post", "2026-03-29").get(0);
        assertEquals(Instant.parse("2026-03-29T00:59:00Z"), dst.startTime());
        assertEquals(Instant.parse("2026-03-29T01:00:05Z"), dst.answerTime());
        assertEquals(Instant.parse("2026-03-29T01:01:00Z"), dst.endTime());
        assertEquals(60, dst.billedSeconds());
        assertEquals(40_000, dst.cost().micros());
        RatedCdr over = postRows("acc-over", "2026-01-17").get(0);
        assertEquals(55_000, over.cost().micros());

        List<LineReject> rejects = archive.rejects(POSTING, key);
        assertEquals(List.of(7, 8, 9, 10, 12), rejects.stream().map(LineReject::line).toList());
        assertEquals(List.of(RejectReason.BAD_NUMBER, RejectReason.UNKNOWN_ACCOUNT, RejectReason.BILLED_LIVE,
                RejectReason.BILLED_LIVE, RejectReason.BILLED_LIVE), rejects.stream().map(LineReject::reason).toList());
        assertEquals("the grid has no account acc-nobody and source pbx-post parks no calls (it has no post.catchall)",
                rejects.get(1).detail());
        assertTrue(rejects.get(3).detail().startsWith("call live-2 was billed by the switch API's stop"), rejects.get(3).detail());
        assertTrue(rejects.get(4).detail().startsWith("call live-3 of account acc-live is known to the switch API"),
                rejects.get(4).detail());
        assertTrue(admin.transfersOf("acc-live").isEmpty(), "live-3 is billed by its stop, not by the file");
        assertEquals(lines.get(7), rejects.get(1).raw());

        // The ledger: the three billed calls once each, as CHARGE transfers keyed by their CDR key, after the live call.
        List<Transfer> charges = admin.transfersOf("acc-post");
        assertEquals(List.of("cdr:1768636800000:post-ring.1;leg=61", "cdr:1768639500000:post-lon.3",
                        "cdr:1774745940000:post-dst.4"), charges.stream().map(Transfer::transferId).toList());
        assertEquals(List.of(-220_000L, -55_000L, -40_000L), charges.stream().map(Transfer::amountMicros).toList());
        assertTrue(charges.stream().allMatch(t -> t.kind() == TransferKind.CHARGE));
        // 1.00 - 0.055 (live-1, by its stop) - 0.22 - 0.055 - 0.04 = 0.63.
        assertEquals(630_000, admin.account("acc-post").orElseThrow().balanceMicros());
        List<AccountEvent> events = admin.eventsOf("acc-post");
        assertEquals(List.of(AccountEvent.LOW_BALANCE), events.stream().map(AccountEvent::type).toList(),
                "the file's postings took the balance under 0.80 once");
        // acc-over: charged past both limits, flagged, one event each; refused nothing.
        assertEquals(-55_000, admin.account("acc-over").orElseThrow().balanceMicros());
        Transfer overCharge = admin.transfersOf("acc-over").get(0);
        assertEquals("import pbx-post [over credit limit] [over daily cap]", overCharge.note());
        assertEquals(List.of(AccountEvent.CREDIT_LIMIT_EXCEEDED, AccountEvent.DAILY_CAP_EXCEEDED),
                admin.eventsOf("acc-over").stream().map(AccountEvent::type).sorted().toList());
        assertTrue(admin.account("acc-nobody").isEmpty());

        // The same file again, and the whole file twice over in a rotated file: no money moves, no row changes.
        drop(posting, file, name);
        Path again = posting.done().resolve(name + "." + key.substring(key.indexOf('#') + 1));
        awaitTrue(() -> Files.exists(again), "the dropped-again file was not moved to done/ under its hash");
        String rotated = "Master-post-rotated.csv";
        Path twice = dir.resolve(rotated);
        List<String> doubled = new java.util.ArrayList<>(lines);
        doubled.addAll(lines);
        Files.write(twice, doubled);
        drop(posting, twice, rotated);
        awaitTrue(() -> Files.exists(posting.done().resolve(rotated)), "the rotated file was not moved to done/");
        assertEquals(rows, postRows("acc-post", "2026-01-17"));
        assertEquals(rejects, archive.rejects(POSTING, key));
        assertEquals(List.of(7, 8, 9, 10, 12, 19, 20, 21, 22, 24), archive.rejects(POSTING, rotated + "#"
                + IncomingFiles.contentHash(twice)).stream().map(LineReject::line).toList());
        assertEquals(charges.size(), admin.transfersOf("acc-post").size());
        assertEquals(630_000, admin.account("acc-post").orElseThrow().balanceMicros());
        assertEquals(-55_000, admin.account("acc-over").orElseThrow().balanceMicros());
        assertEquals(1, admin.eventsOf("acc-post").size());

        // The other order: the file billed post-lon.3 first. A switch's stop for it, and a trusted trunk's fail-open
        // stop (which bills a call the grid never saw), find the call stopped and replay it: nothing billed again.
        try (ChargingClient late = new ChargingClient(client)) {
            long now = System.currentTimeMillis();
            ChargingResult stop = late.stop("acc-post", "post-lon.3", 90, now, "{}").join();
            assertEquals(Outcome.OK, stop.outcome());
            assertTrue(stop.replay());
            ChargingResult failOpen = late.stop("acc-post", "post-lon.3", 90, now, "{}", now - 60_000).join();
            assertEquals(Outcome.OK, failOpen.outcome());
            assertTrue(failOpen.replay(), "a fail-open stop of an imported call replays it");
        }
        assertEquals(630_000, admin.account("acc-post").orElseThrow().balanceMicros());
        assertEquals(charges.size(), admin.transfersOf("acc-post").size());

        // The parking source: an unknown account's calls are parked on acc-suspense, posted and written there.
        String parked = "Master-park.csv";
        Path parkFile = dir.resolve(parked);
        Files.write(parkFile, List.of(
                call("acc-nobody", "900442071234567", "2026-01-17 14:00:00", "2026-01-17 14:00:05", "2026-01-17 14:01:35",
                        "95", "90", "ANSWERED", "park-1"),
                call("acc-nobody", "9029876543", "2026-01-17 14:10:00", "", "2026-01-17 14:10:20", "20", "0", "NO ANSWER",
                        "park-2")));
        drop(parking, parkFile, parked);
        awaitTrue(() -> Files.exists(parking.done().resolve(parked)), "the parking source's file was not moved to done/");
        List<RatedCdr> suspense = postRows("acc-suspense", "2026-01-17");
        assertEquals(List.of("park-1", "park-2;leg=PJSIP/trunk-00000071"), suspense.stream().map(RatedCdr::callId).toList());
        assertEquals(List.of(55_000L, 0L), suspense.stream().map(cdr -> cdr.cost().micros()).toList());
        assertEquals(List.of(), archive.rejects(PARKING, parked + "#" + IncomingFiles.contentHash(parkFile)));
        assertEquals(-55_000, admin.account("acc-suspense").orElseThrow().balanceMicros());
        assertEquals("import pbx-park parked, account code acc-nobody", admin.transfersOf("acc-suspense").get(0).note());
    }

    private static final Instant LIVE1_START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(180);

    private static List<RatedCdr> live1Rows() {
        return cdrs.find("t1", "acc-post", LIVE1_START.minusSeconds(1), LIVE1_START.plusSeconds(1)).toCompletableFuture().join();
    }

    private static final Instant LIVE3_START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(60);

    private static String sofia(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").format(instant.atZone(ZoneId.of("Europe/Sofia")));
    }

    private static List<RatedCdr> postRows(String account, String day) {
        Instant from = Instant.parse(day + "T00:00:00Z");
        return cdrs.find("t1", account, from, from.plus(Duration.ofDays(1))).toCompletableFuture().join();
    }

    private static List<RatedCdr> ringRows() {
        return cdrs.find("t1", "acc-ring", Instant.parse("2026-01-16T00:00:00Z"), Instant.parse("2026-01-17T00:00:00Z"))
                .toCompletableFuture().join();
    }

    @Test
    void aCrashMidFileLosesNothingAndChargesNothingTwice() throws Exception {
        int count = 8_000;
        List<String> lines = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Each a 90 s call to London: 0.055 (see the first test).
            lines.add("\"acc-crash\",\"1001\",\"900442071234567\",\"from-internal\",\"\",\"c\",\"d\",\"Dial\",\"\","
                    + "\"2026-01-20 10:00:00\",\"2026-01-20 10:00:05\",\"2026-01-20 10:01:35\",95,90,\"ANSWERED\","
                    + "\"DOCUMENTATION\",\"crash-" + i + "\",\"\"");
        }
        String name = "Master-crash.csv";
        Path file = dir.resolve(name);
        Files.write(file, lines);
        drop(file, name);
        awaitTrue(() -> !crashRows().isEmpty(), "no CDR of the file arrived");
        ingest.close();
        ingest = null;
        int before = crashRows().size();
        assertTrue(Files.exists(source.incoming().resolve(name)), "a file cut off mid-way must stay in incoming/");
        assertTrue(before < count, "the file was written whole before the crash; nothing was tested");

        ingest = Ingest.start(settings);
        awaitTrue(() -> Files.exists(source.done().resolve(name)), "the file was not finished after the restart");
        List<RatedCdr> rows = crashRows();
        assertEquals(count, rows.size(), "one row per line, none lost and none twice");
        assertEquals(Money.parse("0.055").micros() * count, rows.stream().mapToLong(cdr -> cdr.cost().micros()).sum());
        String key = name + "#" + IncomingFiles.contentHash(file);
        assertEquals(count, archive.lines(SOURCE, key).size());
        assertEquals(List.of(), archive.rejects(SOURCE, key));
    }

    /**
     * A posting source's file cut off by stopping ingest mid-way: after the restart the Jet job takes it again from
     * line 1, posts made before the stop replay, and every call is charged exactly once.
     */
    @Test
    void aCrashMidPostedFileChargesEveryCallExactlyOnceAfterTheRestart() throws Exception {
        int count = 6_000;
        long opening = Money.parse("10000").micros();
        new GridAdmin(client).createAccount("t1", "acc-crash-post", "EUR", "files-plan", Money.ofMicros(opening), Money.ZERO);
        List<String> lines = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(call("acc-crash-post", "900442071234567", "2026-01-21 10:00:00", "2026-01-21 10:00:05",
                    "2026-01-21 10:01:35", "95", "90", "ANSWERED", "crash-post-" + i)); // 0.055 each
        }
        String name = "Master-crash-post.csv";
        Path file = dir.resolve(name);
        Files.write(file, lines);
        drop(posting, file, name);
        awaitTrue(() -> !postRows("acc-crash-post", "2026-01-21").isEmpty(), "no CDR of the posted file arrived");
        ingest.close();
        ingest = null;
        GridAdmin admin = new GridAdmin(client);
        int before = postRows("acc-crash-post", "2026-01-21").size();
        assertTrue(Files.exists(posting.incoming().resolve(name)), "a file cut off mid-way must stay in incoming/");
        assertTrue(before < count, "the file was written whole before the crash; nothing was tested");

        ingest = Ingest.start(settings);
        awaitTrue(() -> Files.exists(posting.done().resolve(name)), "the posted file was not finished after the restart");
        assertEquals(count, postRows("acc-crash-post", "2026-01-21").size(), "one row per line, none lost and none twice");
        assertEquals(count, admin.transfersOf("acc-crash-post").size(), "one posting per call");
        assertEquals(opening - Money.parse("0.055").micros() * count,
                admin.account("acc-crash-post").orElseThrow().balanceMicros(), "every call charged exactly once");
    }

    private static List<RatedCdr> crashRows() {
        return cdrs.find("t1", "acc-crash", Instant.parse("2026-01-20T00:00:00Z"), Instant.parse("2026-01-21T00:00:00Z"))
                .toCompletableFuture().join();
    }

    private static void drop(Path file, String name) throws Exception {
        drop(source, file, name);
    }

    private static void drop(FileSource into, Path file, String name) throws Exception {
        // As a writer should: under a name the source skips, then renamed.
        Files.createDirectories(into.incoming());
        Path part = into.incoming().resolve("." + name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, into.incoming().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<RatedCdr> rows() {
        Instant from = Instant.parse("2026-01-15T00:00:00Z");
        Instant to = Instant.parse("2026-01-16T00:00:00Z");
        return java.util.stream.Stream.of("acc-1001", "acc-1002", "acc-1003")
                .flatMap(account -> cdrs.find("t1", account, from, to).toCompletableFuture().join().stream())
                .sorted(Comparator.comparing(RatedCdr::startTime)).toList();
    }

    private static double rejectedCount(RejectReason reason) {
        Double value = io.prometheus.client.CollectorRegistry.defaultRegistry.getSampleValue(
                "tollgrid_ingest_file_lines_rejected_total", new String[]{"source", "reason"}, new String[]{SOURCE, reason.name()});
        return value == null ? 0 : value;
    }

    private static Map<String, String> deck() {
        Map<String, String> tables = new java.util.HashMap<>(TestDecks.with("files-plan,,UTC,6,START,UP,CALL,14400\n",
                "files-plan,44,United Kingdom,UK,*,false,MINUTE,0.03,0.01,30,6,0,0,2020-01-01T00:00:00Z,,0\n"
                        + "files-plan,359,Bulgaria,BG,*,false,MINUTE,0.10,0.02,60,60,0,0,2020-01-01T00:00:00Z,,0\n"));
        tables.put("normalisation.csv", "source,strip_prefix,international_prefix,national_prefix,country_code\n"
                + SOURCE + ",9,00,0,359\n");
        tables.put("call_types.csv", "prefix,call_type\n*,INTERNATIONAL\n359,NATIONAL\n3592,LOCAL\n");
        return tables;
    }

    private static void awaitTrue(Check condition, String message) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.holds()) {
            if (ingest != null && ingest.fileJob().getStatus() == JobStatus.FAILED) {
                throw new AssertionError("the file job failed while waiting: " + message);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(100);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }
}
