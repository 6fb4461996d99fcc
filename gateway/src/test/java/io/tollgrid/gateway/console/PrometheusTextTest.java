package io.tollgrid.gateway.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {
    @Test
    void readsNamesLabelsAndValuesAndSkipsWhatIsNotASample() {
        PrometheusText text = PrometheusText.parse("""
                # HELP tollgrid_authorise_denied_total Authorisations denied, by reason.
                # TYPE tollgrid_authorise_denied_total counter
                tollgrid_authorise_denied_total{reason="INSUFFICIENT_CREDIT",} 3.0
                tollgrid_authorise_denied_total{reason="CPS_LIMIT"} 2.0 1700000000000
                tollgrid_calls_in_progress 1.0
                odd_series{label="with \\"quotes\\", a comma} and \\\\ backslash"} 7
                broken{label="unterminated 1.0
                not_a_number x

                tollgrid_gateway_request_seconds_bucket{endpoint="/v1/calls/authorise",le="+Inf",} 5.0
                """);
        assertEquals(5.0, text.sum("tollgrid_authorise_denied_total"));
        assertEquals(3.0, text.sum("tollgrid_authorise_denied_total", s -> "INSUFFICIENT_CREDIT".equals(s.label("reason"))));
        assertEquals(1.0, text.sum("tollgrid_calls_in_progress"));
        assertEquals("with \"quotes\", a comma} and \\ backslash", text.series("odd_series").get(0).label("label"));
        assertEquals("+Inf", text.series("tollgrid_gateway_request_seconds_bucket").get(0).label("le"));
        assertFalse(text.has("broken"));
        assertFalse(text.has("not_a_number"));
        assertTrue(text.has("tollgrid_calls_in_progress"));
        assertEquals(0.0, text.sum("missing_series"));
        assertEquals(5, text.samples().size(), String.valueOf(text.samples()));
    }

    @Test
    void aQuantileIsTheUpperBoundOfTheBucketThatHoldsIt() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.001, 50.0);
        buckets.put(0.005, 98.0);
        buckets.put(0.01, 99.0);
        buckets.put(Double.POSITIVE_INFINITY, 100.0);
        assertEquals(0.001, NocSummary.quantile(buckets, 0.50));
        assertEquals(0.01, NocSummary.quantile(buckets, 0.99));
        assertNull(NocSummary.quantile(buckets, 1.0), "beyond the last finite bucket there is no bound");
        assertNull(NocSummary.quantile(new TreeMap<>(), 0.5));
        TreeMap<Double, Double> empty = new TreeMap<>();
        empty.put(Double.POSITIVE_INFINITY, 0.0);
        assertNull(NocSummary.quantile(empty, 0.5), "no observations");
        assertEquals(List.of(), PrometheusText.parse("").samples());
    }
}
