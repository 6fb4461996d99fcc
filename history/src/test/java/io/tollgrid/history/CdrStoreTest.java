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
    void rangesThatAreEmptyOrTooLongAreRejected() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> store.find("t1", "a", t, t));
        assertThrows(IllegalArgumentException.class, () -> store.find("t1", "a", t, t.plusSeconds(367L * 86400)));
    }
}
