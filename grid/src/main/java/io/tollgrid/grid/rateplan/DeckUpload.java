package io.tollgrid.grid.rateplan;

import java.util.List;

/**
 * The outcome of a deck upload that compiled.
 *
 * @param version         the version it was stored as
 * @param activated       false only when a concurrent upload activated a newer version first
 * @param previousVersion the version that was active before, 0 if none
 * @param plans           the plans the new version defines
 * @param droppedPlans    plans of the previous version that the new one no longer has: accounts on them fall back
 *                        to a flat plan of the same id, or are denied RATING_FAILED
 */
public record DeckUpload(long version, boolean activated, long previousVersion, List<String> plans,
                         List<String> droppedPlans) {
    public DeckUpload {
        plans = List.copyOf(plans);
        droppedPlans = List.copyOf(droppedPlans);
    }
}
