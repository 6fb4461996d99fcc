package io.tollgrid.ingest.posting;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.outbox.StopEvents;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stop rows of a chunk's calls looked up together (a query per slice of accounts, day and window) find exactly
 * what one narrow query per call and day finds, against a real Cassandra: across midnight in both directions, among
 * hundreds of one account's calls, past the bounds of one query, and never a row of another account, another call,
 * another source or outside the window.
 */
@ExtendWith(CassandraExtension.class)
class StopRowsTest {
    private static final String KEYSPACE = "stop_rows";
    private static final String TENANT = "t-stops";
    private static final Instant MIDNIGHT = Instant.parse("2026-02-01T00:00:00Z");
    private static CqlSession session;
    private static CdrStore history;
    private static StopRows stops;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        session = CassandraConnection.parse(cassandra.spec()).openSession();
        history = CdrStore.open(session, KEYSPACE, 1);
        stops = new StopRows(session, KEYSPACE, CdrPoster.LIVE_WINDOW);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void aChunkOfOneBusyAccountFindsItsLiveBilledCallsAcrossMidnightAndNothingElse() {
        List<RatedCdr> rows = new ArrayList<>();
        // A busy account: 400 calls imported from its PBX in the last 40 minutes before midnight (6 s apart).
        for (int i = 0; i < 400; i++) {
            rows.add(row("acc-busy", "pbx-" + i, MIDNIGHT.minusSeconds(2_400 - 6L * i), "asterisk-csv", 10_000));
        }
        // Billed live by the switch API, found: 70 s after the file's start, on the next day; 80 s before it, on the day
        // before; 30 s after it, on the same day (two rows of it: the earlier one is the answer).
        rows.add(row("acc-busy", "mid-1", MIDNIGHT.plusSeconds(40), StopEvents.SOURCE, 11_000));
        rows.add(row("acc-busy", "mid-2", MIDNIGHT.minusSeconds(50), StopEvents.SOURCE, 12_000));
        rows.add(row("acc-busy", "live-3", MIDNIGHT.minusSeconds(570), StopEvents.SOURCE, 13_000));
        rows.add(row("acc-busy", "live-3", MIDNIGHT.minusSeconds(560), StopEvents.SOURCE, 13_500));
        // Not found: the same call id under another account; a row of the call from another source; a stop row
        // 121 s off; a stop row of another call in the window.
        rows.add(row("acc-other", "busy-4", MIDNIGHT.minusSeconds(300), StopEvents.SOURCE, 14_000));
        rows.add(row("acc-busy", "busy-5", MIDNIGHT.minusSeconds(200), "freeswitch-csv", 15_000));
        rows.add(row("acc-busy", "busy-6", MIDNIGHT.minusSeconds(1_000).plusSeconds(121), StopEvents.SOURCE, 16_000));
        rows.add(row("acc-busy", "busy-7-other", MIDNIGHT.minusSeconds(100), StopEvents.SOURCE, 17_000));
        write(rows);

        List<StopRows.Call> chunk = new ArrayList<>();
        chunk.add(call("acc-busy", "mid-1", MIDNIGHT.minusSeconds(30)));
        chunk.add(call("acc-busy", "mid-2", MIDNIGHT.plusSeconds(30)));
        chunk.add(call("acc-busy", "live-3", MIDNIGHT.minusSeconds(600)));
        chunk.add(call("acc-busy", "busy-4", MIDNIGHT.minusSeconds(300)));
        chunk.add(call("acc-busy", "busy-5", MIDNIGHT.minusSeconds(200)));
        chunk.add(call("acc-busy", "busy-6", MIDNIGHT.minusSeconds(1_000)));
        chunk.add(call("acc-busy", "busy-7", MIDNIGHT.minusSeconds(100)));
        // The rest of the chunk: the busy account's own imported calls, which have no stop row.
        for (int i = 0; chunk.size() < CdrPoster.CHUNK; i += 7) {
            chunk.add(call("acc-busy", "pbx-" + i, MIDNIGHT.minusSeconds(2_400 - 6L * i)));
        }

        Map<StopRows.Call, StopRows.StopRow> found = stops.find(chunk).join();
        assertEquals(Map.of(
                chunk.get(0), new StopRows.StopRow(MIDNIGHT.plusSeconds(40), 11_000, "EUR"),
                chunk.get(1), new StopRows.StopRow(MIDNIGHT.minusSeconds(50), 12_000, "EUR"),
                chunk.get(2), new StopRows.StopRow(MIDNIGHT.minusSeconds(570), 13_000, "EUR")), found);
        assertEquals(oneByOne(chunk), found, "the chunk's lookup finds what a query per call finds");
    }

    @Test
    void callsOfMoreAccountsAndCallIdsThanOneQueryTakesAreAllLookedFor() {
        Instant start = Instant.parse("2026-03-10T12:00:00Z");
        List<RatedCdr> rows = new ArrayList<>();
        List<StopRows.Call> calls = new ArrayList<>();
        for (int i = 0; i < 3 * StopRows.ACCOUNTS_PER_QUERY; i++) {
            String account = "acc-many-" + i;
            rows.add(row(account, "call-" + i, start.plusSeconds(i), i % 3 == 0 ? StopEvents.SOURCE : "asterisk-csv", 1_000 + i));
            calls.add(call(account, "call-" + i, start.plusSeconds(i + 60)));
        }
        // And one account with more calls than one query's call ids, every second one billed live.
        for (int i = 0; i < 2 * StopRows.CALLS_PER_QUERY + 1; i++) {
            rows.add(row("acc-many", "one-" + i, start.plusSeconds(i), i % 2 == 0 ? StopEvents.SOURCE : "asterisk-csv", 2_000 + i));
            calls.add(call("acc-many", "one-" + i, start.plusSeconds(i)));
        }
        write(rows);

        Map<StopRows.Call, StopRows.StopRow> found = stops.find(calls).join();
        assertEquals(StopRows.ACCOUNTS_PER_QUERY + StopRows.CALLS_PER_QUERY + 1, found.size(), found.toString());
        for (int i = 0; i < 3 * StopRows.ACCOUNTS_PER_QUERY; i += 3) {
            assertEquals(new StopRows.StopRow(start.plusSeconds(i), 1_000 + i, "EUR"), found.get(calls.get(i)));
        }
        assertEquals(oneByOne(calls), found, "the lookup finds what a query per call finds");
    }

    private static StopRows.Call call(String account, String callId, Instant start) {
        return new StopRows.Call(TENANT, account, callId, start);
    }

    private static RatedCdr row(String account, String callId, Instant start, String source, long costMicros) {
        return new RatedCdr(TENANT, account, callId, "1001", "442071234567", start, start.plusSeconds(5),
                start.plusSeconds(95), 95, 90, "ANSWERED", "plan/44@v1", Money.ofMicros(costMicros), "EUR", source, "{}");
    }

    private static void write(List<RatedCdr> rows) {
        CompletableFuture.allOf(rows.stream().map(row -> history.write(row).toCompletableFuture())
                .toArray(CompletableFuture[]::new)).join();
    }

    /**
     * What each call's own narrow query per UTC day of its window finds (the lookup before calls were batched): the
     * first gateway row of the account and call id in the window, the earliest day's first.
     */
    private static Map<StopRows.Call, StopRows.StopRow> oneByOne(List<StopRows.Call> calls) {
        PreparedStatement select = session.prepare("SELECT start_time, source, cost_micros, currency FROM " + KEYSPACE
                + ".cdrs_by_account_day WHERE tenant_id = ? AND account_id = ? AND day = ? AND start_time >= ?"
                + " AND start_time <= ? AND call_id = ? ALLOW FILTERING");
        Map<StopRows.Call, StopRows.StopRow> found = new HashMap<>();
        for (StopRows.Call call : calls) {
            Instant from = call.start().minus(CdrPoster.LIVE_WINDOW);
            Instant to = call.start().plus(CdrPoster.LIVE_WINDOW);
            LocalDate last = to.atZone(ZoneOffset.UTC).toLocalDate();
            days:
            for (LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
                for (Row row : session.execute(select.bind(call.tenant(), call.account(), day, from, to, call.callId()))) {
                    if (StopEvents.SOURCE.equals(row.getString("source"))) {
                        found.put(call, new StopRows.StopRow(row.getInstant("start_time"), row.getLong("cost_micros"),
                                row.getString("currency")));
                        break days;
                    }
                }
            }
        }
        return found;
    }
}
