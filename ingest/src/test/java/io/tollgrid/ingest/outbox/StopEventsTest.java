package io.tollgrid.ingest.outbox;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;
import org.junit.jupiter.api.Test;

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
    }
}
