package io.tollgrid.ingest.outbox;

import io.prometheus.client.CollectorRegistry;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The per-carrier counters a written CDR adds to, worked by hand, and the bound on the carrier label (last: it uses
 * the process's labels up).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CarrierMetricsTest {
    private static double value(String name, String carrier) {
        Double value = CollectorRegistry.defaultRegistry.getSampleValue(name, new String[] {"carrier"},
                new String[] {carrier});
        return value == null ? 0 : value;
    }

    @Test
    @Order(1)
    void aCarriersCdrsCountTowardsItsAsrAcdNerAndPdd() {
        // Answered 90 s after a 1.5 s delay; busy (17) after 0.5 s; congestion (41), no delay; unanswered, no cause.
        CarrierMetrics.written(cdr("m-a", 90, 16, 1_500));
        CarrierMetrics.written(cdr("m-a", 0, 17, 500));
        CarrierMetrics.written(cdr("m-a", 0, 41, RatedCdr.NO_PDD));
        CarrierMetrics.written(cdr("m-a", 0, 0, RatedCdr.NO_PDD));
        CarrierMetrics.written(cdr(null, 60, 16, 100));

        assertEquals(4, value("tollgrid_ingest_carrier_calls_total", "m-a"));
        assertEquals(1, value("tollgrid_ingest_carrier_answered_total", "m-a"));
        assertEquals(90, value("tollgrid_ingest_carrier_answered_seconds_total", "m-a"));
        assertEquals(3, value("tollgrid_ingest_carrier_ner_calls_total", "m-a"), "the call of unknown cause left out");
        assertEquals(2, value("tollgrid_ingest_carrier_network_effective_total", "m-a"), "answered and busy");
        assertEquals(2, value("tollgrid_ingest_carrier_pdd_calls_total", "m-a"));
        assertEquals(2.0, value("tollgrid_ingest_carrier_pdd_seconds_total", "m-a"), 1e-9);
        assertNull(CollectorRegistry.defaultRegistry.getSampleValue("tollgrid_ingest_carrier_calls_total",
                new String[] {"carrier"}, new String[] {""}), "a CDR without a carrier is no carrier's");
    }

    @Test
    @Order(2)
    void pastTheBoundCarriersShareOneLabel() {
        for (int i = 0; i < CarrierMetrics.MAX_CARRIERS + 5; i++) {
            CarrierMetrics.label("bound-" + i);
        }
        assertEquals(CarrierMetrics.OTHER, CarrierMetrics.label("one-too-many"));
        assertEquals("bound-0", CarrierMetrics.label("bound-0"), "a labelled carrier keeps its label");
    }

    private static RatedCdr cdr(String carrier, long seconds, int cause, int pddMs) {
        Instant start = Instant.parse("2026-12-05T10:00:00Z");
        return new RatedCdr("t", "a", "c", "1", "2", start, seconds > 0 ? start : null, start.plusSeconds(seconds),
                seconds, seconds, seconds > 0 ? "ANSWERED" : "NO_ANSWER", "flat", Money.ZERO, "EUR", "gateway", "",
                null, null, false, carrier, null, null, null, null, null, null, null, cause, pddMs);
    }
}
