package io.tollgrid.ingest.push;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.TestDecks;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.ingest.Ingest;
import io.tollgrid.ingest.IngestSettings;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.money.Money;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push sources against a real Cassandra, a real grid node holding the rate deck and a real ingest: a PBX
 * streaming Asterisk lines over TCP, killed and reconnecting mid-stream; a switch posting mod_json_cdr
 * documents over HTTP; and the TTL every row is written with.
 */
@ExtendWith(CassandraExtension.class)
class PushSourcesTest {
    static final String KEYSPACE = "pushed";
    static final String TCP = "pbx-tcp";
    static final String HTTP = "fs-http";
    static final String HTTP_KEY = "fs-http-key-0123456789";
    /** An HTTP source like fs-http whose CDRs are posted to the ledger (post=true). */
    static final String POSTING = "fs-post";
    static final String POSTING_KEY = "fs-post-key-0123456789";
    static final String ADMIN_KEY = "ingest-admin-key-0123456789";
    /** push-plan: 44 at 0.03/min + 0.01 connect, 30/6, so a 90 s call costs 0.055. */
    static final Money LONDON_90S = Money.parse("0.055");

    static Ignite server;
    static Ignite client;
    static CqlSession session;
    static Ingest ingest;
    static PushSettings push;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("push-server");
        server = GridNodes.startServer(grid);
        client = GridNodes.startClient(grid.withInstanceName("push-client"));
        new GridAdmin(client).putTenant("t1", "T1", "t1-key-0123456789abcdef");
        new RateDecks(client).upload(TestDecks.with("push-plan,,UTC,6,START,UP,CALL,14400\n",
                "push-plan,44,United Kingdom,UK,*,false,MINUTE,0.03,0.01,30,6,0,0,2020-01-01T00:00:00Z,,0\n"),
                System.currentTimeMillis());
        Map<String, String> keys = new HashMap<>();
        keys.put("ingest.tcp.sources", TCP);
        keys.put("ingest.tcp." + TCP + ".port", "0");
        keys.put("ingest.tcp." + TCP + ".format", "asterisk-csv");
        keys.put("ingest.tcp." + TCP + ".zone", "UTC");
        keys.put("ingest.tcp." + TCP + ".tenant", "t1");
        keys.put("ingest.tcp." + TCP + ".plan", "push-plan");
        keys.put("ingest.tcp." + TCP + ".account.from", "record");
        keys.put("ingest.tcp." + TCP + ".dial.international", "00");
        keys.put("ingest.http.sources", HTTP + "," + POSTING);
        keys.put("ingest.http." + POSTING + ".key", POSTING_KEY);
        keys.put("ingest.http." + POSTING + ".format", "freeswitch-json");
        keys.put("ingest.http." + POSTING + ".tenant", "t1");
        keys.put("ingest.http." + POSTING + ".plan", "push-plan");
        keys.put("ingest.http." + POSTING + ".account.from", "record");
        keys.put("ingest.http." + POSTING + ".dial.international", "00");
        keys.put("ingest.http." + POSTING + ".post", "true");
        GridAdmin grid0 = new GridAdmin(client);
        grid0.putRatePlan("push-plan", new io.tollgrid.rating.FlatRate(Money.parse("9.99"), Money.ZERO, 60, 60));
        grid0.createAccount("t1", "acc-post-1", "EUR", "push-plan", Money.parse("1.00"), Money.ZERO);
        keys.put("ingest.http.port", "0");
        keys.put("ingest.http.max.body.bytes", "16384");
        keys.put("ingest.http.admin.key", ADMIN_KEY);
        keys.put("ingest.http." + HTTP + ".key", HTTP_KEY);
        keys.put("ingest.http." + HTTP + ".format", "freeswitch-json");
        keys.put("ingest.http." + HTTP + ".tenant", "t1");
        keys.put("ingest.http." + HTTP + ".plan", "push-plan");
        keys.put("ingest.http." + HTTP + ".account.from", "record");
        keys.put("ingest.http." + HTTP + ".dial.international", "00");
        // The tenant keeps its rows 30 days; the HTTP source does not say, so its rows inherit that.
        keys.put("ingest.retention.tenant.t1.seconds", "2592000");
        keys.put("ingest.tcp." + TCP + ".retention.seconds", "86400");
        push = PushSettings.from(Settings.of(keys));
        CassandraConnection connection = CassandraConnection.parse(cassandra.spec());
        IngestSettings settings = new IngestSettings(FreePorts.nextRange(3), "push-test",
                grid.withInstanceName("push-ingest"), connection, KEYSPACE, 1);
        session = connection.openSession();
        CdrStore.open(session, KEYSPACE, 1);
        ingest = Ingest.start(settings, push);
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

    /** About 6 MB of lines: far more than both hosts' 64 KiB socket buffers, so a reset loses lines in flight. */
    static final int LINES = 20_000;

    /** An Asterisk cdr_csv line with uniqueid (17 columns): a 90 s call to London, account acc-tcp-N (10 accounts). */
    static String line(int i) {
        return "\"acc-tcp-" + (i % 10) + "\",\"1001\",\"00442071234567\",\"from-internal\",\"\",\"PJSIP/1001-00000001\","
                + "\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/00442071234567@trunk,60\",\"2026-03-0" + (1 + i % 5)
                + " 10:00:00\",\"2026-03-0" + (1 + i % 5) + " 10:00:05\",\"2026-03-0" + (1 + i % 5) + " 10:01:35\",95,90,"
                + "\"ANSWERED\",\"DOCUMENTATION\",\"tcp-" + i + "\"\r\n";
    }

    @Test
    void aPbxKilledAndReconnectingMidStreamHasEveryLineArchivedAndRatedExactlyOnce() throws Exception {
        int port = ingest.push().tcpPorts().get(0);
        // 1: killed mid-line: the kernel still delivers what was written, then the end; the PBX resends from a
        // bit before the line it was writing.
        try (Socket pbx = connect(port)) {
            send(pbx, 0, 6_000);
            pbx.getOutputStream().write(line(6_000).substring(0, 40).getBytes(StandardCharsets.UTF_8));
        }
        // 2: reset mid-line (SO_LINGER 0): whatever sat in either host's buffers is lost, so the PBX resends
        // from well before (more than both 64 KiB buffers hold).
        try (Socket pbx = connect(port)) {
            send(pbx, 5_980, 13_000);
            pbx.getOutputStream().write(line(13_000).substring(0, 60).getBytes(StandardCharsets.UTF_8));
            pbx.setSoLinger(true, 0);
        }
        // 3: the rest, from 1,000 lines (about 300 KB) back, and a clean close.
        try (Socket pbx = connect(port)) {
            send(pbx, 12_000, LINES);
            pbx.getOutputStream().write("\r\n".getBytes(StandardCharsets.UTF_8));
        }

        // Written CDRs count the resent lines too: wait for the count to reach the lines and stop moving.
        double[] last = {-1};
        awaitTrue(() -> {
            double written = PushCounters.CDRS_WRITTEN.labels(TCP).get();
            boolean settled = written >= LINES && written == last[0];
            last[0] = written;
            return settled;
        }, Duration.ofMinutes(5), "the CDRs of the lines sent were not written");
        Set<String> callIds = new HashSet<>();
        long cost = 0;
        int rows = 0;
        for (Row row : session.execute(SimpleStatement.newInstance("SELECT call_id, cost_micros, billed_seconds FROM "
                + KEYSPACE + ".cdrs_by_account_day").setPageSize(5_000))) {
            if (row.getString("call_id").startsWith("tcp-")) {
                rows++;
                callIds.add(row.getString("call_id"));
                cost += row.getLong("cost_micros");
            }
        }
        assertEquals(LINES, rows, "one CDR row per line, however often it was sent");
        assertEquals(LINES, callIds.size());
        assertEquals(LONDON_90S.micros() * LINES, cost, "every line priced once");
        assertEquals(LINES, count("SELECT source, raw FROM " + KEYSPACE + ".raw_cdr_lines WHERE source = '" + TCP
                        + "' ALLOW FILTERING", "raw", "\"acc-tcp-"),
                "one archive row per line, however often it was sent");
        List<Row> rejects = session.execute(SimpleStatement.newInstance("SELECT reason, raw FROM " + KEYSPACE
                + ".cdr_rejects WHERE source = '" + TCP + "' ALLOW FILTERING").setPageSize(5_000)).all();
        // The closed connection's fragment is the line it was writing; the reset one's is wherever the reset caught
        // the reading (the rest of its bytes died in the kernel), or nothing if it caught it between two lines.
        assertTrue(rejects.size() >= 1 && rejects.size() <= 2, "one cut-off line per connection that ended mid-line: "
                + rejects.size());
        assertTrue(rejects.stream().anyMatch(reject -> reject.getString("raw").equals(line(6_000).substring(0, 40))));
        for (Row reject : rejects) {
            assertEquals("PARTIAL_LINE", reject.getString("reason"));
            String raw = reject.getString("raw");
            assertTrue(java.util.stream.IntStream.rangeClosed(5_980, 13_000)
                    .anyMatch(i -> line(i).startsWith(raw) && raw.length() < line(i).length() - 1), raw);
        }
    }

    static java.net.http.HttpResponse<String> post(String contentType, String authorization, String body) throws Exception {
        return post(HTTP, contentType, authorization, body);
    }

    static java.net.http.HttpResponse<String> post(String source, String contentType, String authorization, String body)
            throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + ingest.push().httpPort() + "/v1/cdrs/" + source))
                .header("Content-Type", contentType)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The realistic mod_json_cdr A leg under another uuid and account. */
    static String document(String uuid, String account, String... more) throws Exception {
        String[] edits = new String[4 + more.length];
        edits[0] = "uuid";
        edits[1] = uuid;
        edits[2] = "accountcode";
        edits[3] = account;
        System.arraycopy(more, 0, edits, 4, more.length);
        return io.tollgrid.ingest.formats.FreeSwitchJsonTest.edited(edits);
    }

    static List<Row> cdrRows(String account) {
        return session.execute("SELECT call_id, cost_micros, billed_seconds, callee, TTL(caller) AS ttl FROM " + KEYSPACE
                + ".cdrs_by_account_day WHERE tenant_id = 't1' AND account_id = ? AND day = '2026-03-01'", account).all();
    }

    static List<Row> archived(String source, String raw) {
        return session.execute("SELECT raw, TTL(raw) AS ttl FROM " + KEYSPACE + ".raw_cdr_lines WHERE source = ? AND file = ?"
                + " AND bucket = 0", source, PushedLines.key(raw)).all();
    }

    static List<Row> rejected(String source, String raw) {
        return session.execute("SELECT reason, detail, raw, TTL(reason) AS ttl FROM " + KEYSPACE
                + ".cdr_rejects WHERE source = ? AND file = ?", source, PushedLines.key(raw)).all();
    }

    @Test
    void aPostedDocumentIsAnsweredOnceStoredAndARepeatIsTheSameRow() throws Exception {
        String document = document("http-once-1", "acc-http-1");
        java.net.http.HttpResponse<String> first = post("application/json", "Bearer " + HTTP_KEY, document);
        assertEquals(200, first.statusCode(), first.body());
        io.vertx.core.json.JsonObject answer = new io.vertx.core.json.JsonObject(first.body());
        assertEquals("http-once-1", answer.getString("callId"));
        assertEquals("0.055000", answer.getString("cost"));
        // Answered only once durable: the row and the archived document are already there.
        List<Row> rows = cdrRows("acc-http-1");
        assertEquals(1, rows.size());
        assertEquals(LONDON_90S.micros(), rows.get(0).getLong("cost_micros"));
        assertEquals("442071234567", rows.get(0).getString("callee"));
        assertEquals(List.of(document), archived(HTTP, document).stream().map(row -> row.getString("raw")).toList());

        // The switch retries (its answer was lost): the same rows, still 200.
        assertEquals(200, post("application/json", "Bearer " + HTTP_KEY, document).statusCode());
        assertEquals(1, cdrRows("acc-http-1").size());
        assertEquals(1, archived(HTTP, document).size());
    }

    @Test
    void freeSwitchsFormPostsWithBasicCredentialsAreTaken() throws Exception {
        String document = document("http-form-1", "acc-http-2");
        String encoded = "cdr=" + java.net.URLEncoder.encode(document, StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> urlEncoded = post("application/x-www-form-urlencoded",
                basic("freeswitch", HTTP_KEY), encoded);
        assertEquals(200, urlEncoded.statusCode(), urlEncoded.body());
        String other = document("http-form-2", "acc-http-2");
        java.net.http.HttpResponse<String> base64 = post("application/x-www-form-urlencoded", basic("freeswitch", HTTP_KEY),
                "cdr=" + java.util.Base64.getEncoder().encodeToString(other.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, base64.statusCode(), base64.body());
        assertEquals(List.of("http-form-1", "http-form-2"), cdrRows("acc-http-2").stream()
                .map(row -> row.getString("call_id")).sorted().toList());
        assertEquals(1, archived(HTTP, document).size(), "the decoded document is what is archived");
    }

    @Test
    void aWrongOrMissingKeyIs401AndStoresNothing() throws Exception {
        String document = document("http-nokey-1", "acc-http-3");
        java.net.http.HttpResponse<String> wrong = post("application/json", "Bearer " + HTTP_KEY + "x", document);
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("\"UNAUTHORIZED\""), wrong.body());
        assertEquals(401, post("application/json", basic("freeswitch", "fs-http-key-0123456788"), document).statusCode());
        assertEquals(401, post("application/json", null, document).statusCode());
        assertEquals(List.of(), cdrRows("acc-http-3"));
        assertEquals(List.of(), archived(HTTP, document));
        assertEquals(List.of(), rejected(HTTP, document));
    }

    @Test
    void aBadDocumentIs400WithItsReasonAndIsKeptAsAReject() throws Exception {
        String document = document("http-bad-1", "acc-http-4", "billsec", "ninety");
        java.net.http.HttpResponse<String> bad = post("application/json", "Bearer " + HTTP_KEY, document);
        assertEquals(400, bad.statusCode());
        io.vertx.core.json.JsonObject error = new io.vertx.core.json.JsonObject(bad.body()).getJsonObject("error");
        assertEquals("BAD_NUMBER", error.getString("code"));
        assertEquals("billsec is not a whole number: ninety", error.getString("message"));
        List<Row> rejects = rejected(HTTP, document);
        assertEquals(1, rejects.size());
        assertEquals("BAD_NUMBER", rejects.get(0).getString("reason"));
        assertEquals(document, rejects.get(0).getString("raw"));
        assertEquals(1, archived(HTTP, document).size(), "archived before it was parsed");
        assertEquals(List.of(), cdrRows("acc-http-4"));

        java.net.http.HttpResponse<String> notJson = post("application/json", "Bearer " + HTTP_KEY, "uuid=1&billsec=9");
        assertEquals(400, notJson.statusCode());
        assertTrue(notJson.body().contains("MALFORMED_DOCUMENT"), notJson.body());
        assertEquals("MALFORMED_DOCUMENT", rejected(HTTP, "uuid=1&billsec=9").get(0).getString("reason"));
    }

    @Test
    void anOversizedBodyIs413AndItsFirstBytesAreKeptAsAReject() throws Exception {
        String document = document("http-big-1", "acc-http-5", "padding", "x".repeat(20_000));
        java.net.http.HttpResponse<String> big = post("application/json", "Bearer " + HTTP_KEY, document);
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(big.body().contains("LINE_TOO_LONG"), big.body());
        assertEquals(List.of(), cdrRows("acc-http-5"));
        List<Row> rejects = session.execute("SELECT reason, raw FROM " + KEYSPACE + ".cdr_rejects WHERE source = ?"
                + " ALLOW FILTERING", HTTP).all().stream().filter(row -> row.getString("reason").equals("LINE_TOO_LONG")).toList();
        assertEquals(1, rejects.size());
        assertTrue(document.startsWith(rejects.get(0).getString("raw")));
    }

    @Test
    void archiveRejectsAndCdrsCarryTheirSourcesRetentionAsATtl() throws Exception {
        String document = document("http-ttl-1", "acc-http-6");
        assertEquals(200, post("application/json", "Bearer " + HTTP_KEY, document).statusCode());
        String bad = document("http-ttl-2", "acc-http-6", "hangup_cause", "hung up");
        assertEquals(400, post("application/json", "Bearer " + HTTP_KEY, bad).statusCode());
        // The HTTP source inherits its tenant's 30 days (2,592,000 s); a few seconds may have passed.
        int cdrTtl = cdrRows("acc-http-6").get(0).getInt("ttl");
        assertTrue(cdrTtl > 2_591_000 && cdrTtl <= 2_592_000, "CDR TTL " + cdrTtl);
        int archiveTtl = archived(HTTP, document).get(0).getInt("ttl");
        assertTrue(archiveTtl > 2_591_000 && archiveTtl <= 2_592_000, "archive TTL " + archiveTtl);
        int rejectTtl = rejected(HTTP, bad).get(0).getInt("ttl");
        assertTrue(rejectTtl > 2_591_000 && rejectTtl <= 2_592_000, "reject TTL " + rejectTtl);

        // The TCP source sets its own day.
        String raw = line(5).strip().replace("acc-tcp-5", "acc-ttl").replace("\"tcp-5\"", "\"ttl-5\"");
        try (Socket pbx = connect(ingest.push().tcpPorts().get(0))) {
            pbx.getOutputStream().write((raw + "\n").getBytes(StandardCharsets.UTF_8));
        }
        awaitTrue(() -> !archived(TCP, raw).isEmpty(), Duration.ofSeconds(30), "the line was not archived");
        int lineTtl = archived(TCP, raw).get(0).getInt("ttl");
        assertTrue(lineTtl > 85_000 && lineTtl <= 86_400, "TCP archive TTL " + lineTtl);
    }

    static java.net.http.HttpResponse<String> admin(String method, String path, String key) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + ingest.push().httpPort() + path))
                        .header("Authorization", "Bearer " + key)
                        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRejectListedByTheOperatorIsReplayedAfterTheFixIntoOneCdr() throws Exception {
        // A call to Paris, which push-plan has no rate for: answered, so UNRATED.
        String document = document("http-replay-1", "acc-http-7", "destination_number", "0033142868200");
        java.net.http.HttpResponse<String> unrated = post("application/json", "Bearer " + HTTP_KEY, document);
        assertEquals(400, unrated.statusCode(), unrated.body());
        assertTrue(unrated.body().contains("UNRATED"), unrated.body());

        String rejectsPath = "/v1/sources/" + HTTP + "/rejects";
        assertEquals(401, admin("GET", rejectsPath, HTTP_KEY).statusCode(), "a source's key is not the admin key");
        java.net.http.HttpResponse<String> listed = admin("GET", rejectsPath + "?limit=1000", ADMIN_KEY);
        assertEquals(200, listed.statusCode(), listed.body());
        io.vertx.core.json.JsonArray rejects = new io.vertx.core.json.JsonObject(listed.body()).getJsonArray("rejects");
        assertTrue(rejects.stream().map(io.vertx.core.json.JsonObject.class::cast)
                .anyMatch(reject -> reject.getString("raw").equals(document) && reject.getString("reason").equals("UNRATED")),
                listed.body());

        // The fix: the plan gets a rate for 33 (0.06/min + 0.01, 30/6: 90 s costs 0.10).
        new RateDecks(client).upload(TestDecks.with("push-plan,,UTC,6,START,UP,CALL,14400\n",
                "push-plan,44,United Kingdom,UK,*,false,MINUTE,0.03,0.01,30,6,0,0,2020-01-01T00:00:00Z,,0\n"
                        + "push-plan,33,France,FR,*,false,MINUTE,0.06,0.01,30,6,0,0,2020-01-01T00:00:00Z,,0\n"),
                System.currentTimeMillis());
        Thread.sleep(6_000); // ingest looks for a new deck version every 5 s

        java.net.http.HttpResponse<String> replayed = admin("POST", rejectsPath + "/replay", ADMIN_KEY);
        assertEquals(200, replayed.statusCode(), replayed.body());
        io.vertx.core.json.JsonObject result = new io.vertx.core.json.JsonObject(replayed.body());
        assertTrue(result.getInteger("written") >= 1, replayed.body());
        List<Row> rows = cdrRows("acc-http-7");
        assertEquals(1, rows.size());
        assertEquals("http-replay-1", rows.get(0).getString("call_id"));
        assertEquals(Money.parse("0.10").micros(), rows.get(0).getLong("cost_micros"));
        assertEquals(List.of(), rejected(HTTP, document), "a replayed reject is no longer one");

        // Replayed again, and the switch retrying the document: still the one row.
        assertEquals(200, admin("POST", rejectsPath + "/replay", ADMIN_KEY).statusCode());
        assertEquals(200, post("application/json", "Bearer " + HTTP_KEY, document).statusCode());
        assertEquals(1, cdrRows("acc-http-7").size());
        assertTrue(new io.vertx.core.json.JsonObject(admin("GET", rejectsPath + "?limit=1000", ADMIN_KEY).body())
                .getJsonArray("rejects").stream().map(io.vertx.core.json.JsonObject.class::cast)
                .noneMatch(reject -> reject.getString("raw").equals(document)));
    }

    /**
     * A posting HTTP source: a document is answered once its cost is posted and its row written; the switch's retry
     * moves no money; an unknown account is a 400 UNKNOWN_ACCOUNT reject, which the rejects API replays into one
     * posting and one row once the account exists, and a second replay moves nothing.
     */
    @Test
    void aPostingSourceChargesADocumentOnceAndAReplayedUnknownAccountIsPostedOnceItExists() throws Exception {
        GridAdmin grid = new GridAdmin(client);
        String document = document("post-1", "acc-post-1");
        java.net.http.HttpResponse<String> first = post(POSTING, "application/json", "Bearer " + POSTING_KEY, document);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(1_000_000 - LONDON_90S.micros(), grid.account("acc-post-1").orElseThrow().balanceMicros());
        assertEquals(List.of("cdr:"), grid.transfersOf("acc-post-1").stream()
                .map(t -> t.transferId().substring(0, 4)).toList());
        assertEquals(200, post(POSTING, "application/json", "Bearer " + POSTING_KEY, document).statusCode());
        assertEquals(1_000_000 - LONDON_90S.micros(), grid.account("acc-post-1").orElseThrow().balanceMicros(),
                "the switch's retry moves no money");
        assertEquals(1, cdrRows("acc-post-1").size());

        String unknown = document("post-2", "acc-post-2");
        java.net.http.HttpResponse<String> refused = post(POSTING, "application/json", "Bearer " + POSTING_KEY, unknown);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("UNKNOWN_ACCOUNT"), refused.body());
        assertEquals("UNKNOWN_ACCOUNT", rejected(POSTING, unknown).get(0).getString("reason"));
        assertEquals(List.of(), cdrRows("acc-post-2"));

        grid.createAccount("t1", "acc-post-2", "EUR", "push-plan", Money.parse("1.00"), Money.ZERO);
        String replay = "/v1/sources/" + POSTING + "/rejects/replay";
        java.net.http.HttpResponse<String> replayed = admin("POST", replay, ADMIN_KEY);
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals(1, new io.vertx.core.json.JsonObject(replayed.body()).getInteger("written"), replayed.body());
        assertEquals(1, cdrRows("acc-post-2").size());
        assertEquals(List.of(), rejected(POSTING, unknown));
        assertEquals(200, admin("POST", replay, ADMIN_KEY).statusCode());
        assertEquals(200, post(POSTING, "application/json", "Bearer " + POSTING_KEY, unknown).statusCode());
        assertEquals(1_000_000 - LONDON_90S.micros(), grid.account("acc-post-2").orElseThrow().balanceMicros(),
                "posted once: by the replay, not again by the second replay or the switch's retry");
        assertEquals(1, grid.transfersOf("acc-post-2").size());
    }

    static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.setSendBufferSize(64 * 1_024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /** Lines [from, to), written as a PBX does: a line at a time, blocking when TCP's window is closed. */
    static void send(Socket pbx, int from, int to) throws Exception {
        OutputStream out = pbx.getOutputStream();
        for (int i = from; i < to; i++) {
            out.write(line(i).getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    static int count(String query, String column, String prefix) {
        int count = 0;
        for (Row row : session.execute(SimpleStatement.newInstance(query).setPageSize(5_000))) {
            if (row.getString(column).startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    static void awaitTrue(Check condition, Duration timeout, String message) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(3_000);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }
}
