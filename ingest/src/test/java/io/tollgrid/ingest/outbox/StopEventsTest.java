package io.tollgrid.ingest.outbox;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The grid's stop event becomes the CDR field for field, with the extension, direction and call type it carries. */
class StopEventsTest {
    @Test
    void theCdrKeepsTheExtensionDepartmentDirectionCallTypeAndCarrierOfTheStop() {
        StopEvent event = new StopEvent("t1", "acc-1", "call-1", "1001", "359888123456", 1_000, 3_000, 63_000, 60, 60,
                "retail/3598@v2", 120_000, "EUR", "{}", false, "carrier-a", 90_000, "1001", "Sales", Direction.OUTBOUND,
                CallType.MOBILE);

        RatedCdr cdr = StopEvents.toCdr(event);

        assertEquals("1001", cdr.extension());
        assertEquals("Sales", cdr.department());
        assertEquals(RatedCdr.Direction.OUTBOUND, cdr.direction());
        assertEquals(CallType.MOBILE, cdr.callType());
        assertEquals("carrier-a", cdr.carrierId());
        assertEquals(Money.ofMicros(30_000), cdr.margin());
        assertEquals(Money.ofMicros(120_000), cdr.cost());
        assertEquals("ANSWERED", cdr.disposition());
    }

    @Test
    void anEventStoredBeforeThoseFieldsExistedHasNone() {
        RatedCdr cdr = StopEvents.toCdr(new StopEvent("t1", "acc-1", "call-2", "1", "2", 1_000, 0, 5_000, 0, 0, "flat",
                0, "EUR", ""));

        assertNull(cdr.extension());
        assertNull(cdr.direction());
        assertNull(cdr.callType());
        assertEquals("NO_ANSWER", cdr.disposition());
        assertEquals(0, cdr.cause(), "no SIP response, no cause");
        assertEquals(RatedCdr.NO_PDD, cdr.pddMs(), "no post-dial delay");
    }

    @Test
    void theSwitchsPostDialDelayGoesOnTheCdr() {
        RatedCdr cdr = StopEvents.toCdr(new StopEvent("t1", "acc-1", "call-4", "1", "2", 1_000, 4_000, 64_000, 60, 60,
                "flat", 0, "EUR", "", false, null, -1, null, null, null, null, 200, 2_750));
        assertEquals(2_750, cdr.pddMs());
        assertEquals(0, StopEvents.toCdr(new StopEvent("t1", "acc-1", "call-5", "1", "2", 1_000, 0, 1_200, 0, 0,
                "flat", 0, "EUR", "", false, null, -1, null, null, null, null, 503, 0)).pddMs(), "0 ms is a delay, not none");
    }

    @Test
    void theSwitchsSipResponseGivesTheCauseAndAnUnansweredCallsDisposition() {
        assertEquals(List.of("BUSY", 17), dispositionAndCause(0, 486));
        assertEquals(List.of("NO_ANSWER", 16), dispositionAndCause(0, 487));
        assertEquals(List.of("CONGESTION", 41), dispositionAndCause(0, 503));
        assertEquals(List.of("FAILED", 1), dispositionAndCause(0, 404));
        assertEquals(List.of("ANSWERED", 16), dispositionAndCause(60, 200));
        assertEquals(List.of("NO_ANSWER", 16), dispositionAndCause(0, 200), "a 200 without seconds answered nothing billable");
    }

    private static List<Object> dispositionAndCause(long seconds, int sipCode) {
        RatedCdr cdr = StopEvents.toCdr(new StopEvent("t1", "acc-1", "call-3", "1", "2", 1_000, seconds > 0 ? 2_000 : 0,
                5_000, seconds, seconds, "flat", 0, "EUR", "", false, null, -1, null, null, null, null, sipCode));
        return List.of(cdr.disposition(), cdr.cause());
    }
}
