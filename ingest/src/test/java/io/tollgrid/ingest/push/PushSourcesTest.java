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
        keys.put("ingest.http.sources", HTTP);
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

    static final int LINES = 100_000;

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
            send(pbx, 0, 30_000);
            pbx.getOutputStream().write(line(30_000).substring(0, 40).getBytes(StandardCharsets.UTF_8));
        }
        // 2: reset mid-line (SO_LINGER 0): whatever sat in either host's buffers is lost, so the PBX resends
        // from well before (more than both 64 KiB buffers hold).
        try (Socket pbx = connect(port)) {
            send(pbx, 29_900, 65_000);
            pbx.getOutputStream().write(line(65_000).substring(0, 60).getBytes(StandardCharsets.UTF_8));
            pbx.setSoLinger(true, 0);
        }
        // 3: the rest, from 5,000 lines back, and a clean close.
        try (Socket pbx = connect(port)) {
            send(pbx, 60_000, LINES);
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
        assertTrue(rejects.stream().anyMatch(reject -> reject.getString("raw").equals(line(30_000).substring(0, 40))));
        for (Row reject : rejects) {
            assertEquals("PARTIAL_LINE", reject.getString("reason"));
            String raw = reject.getString("raw");
            assertTrue(java.util.stream.IntStream.rangeClosed(29_900, 65_000)
                    .anyMatch(i -> line(i).startsWith(raw) && raw.length() < line(i).length() - 1), raw);
        }
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
