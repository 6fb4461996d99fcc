package io.tollgrid.grid.rateplan;

import java.time.Instant;
import java.util.List;

/** The active deck as an operator sees it. */
public record DeckSummary(long version, Instant uploadedAt, Instant activatedAt, List<String> plans) {
    public DeckSummary {
        plans = List.copyOf(plans);
    }
}
