package io.tollgrid.history.rollup;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a tenant's calls through each carrier came to over UTC days {@code from} to {@code to}: per carrier, and per
 * carrier and destination together, each line with its calls, answers, seconds, costs and NER counts, so ASR, ACD and
 * NER follow ({@link Usage}). Carriers in id order; a carrier's destinations most calls first, then by destination.
 */
public record CarrierReport(String tenantId, LocalDate from, LocalDate to, List<Line> byCarrier,
                            List<Line> byCarrierDestination) {
    public CarrierReport {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        byCarrier = List.copyOf(byCarrier);
        byCarrierDestination = List.copyOf(byCarrierDestination);
    }

    /** One line: a carrier, a destination ({@code null} on a line of a carrier's total), a currency and the usage. */
    public record Line(String carrierId, String destination, String currency, Usage usage) {
        public Line {
            Objects.requireNonNull(carrierId, "carrierId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(usage, "usage");
        }
    }
}
