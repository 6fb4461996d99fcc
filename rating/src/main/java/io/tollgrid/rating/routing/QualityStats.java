package io.tollgrid.rating.routing;

/** Where the router reads a carrier's recent outcomes for a destination prefix (its buy rate's prefix). */
@FunctionalInterface
public interface QualityStats {
    /** No history anywhere: every carrier is too new to judge. */
    QualityStats NONE = (carrierId, prefix) -> null;

    /** The window for this carrier and prefix, or null when it has none. */
    QualityWindow window(String carrierId, String prefix);
}
