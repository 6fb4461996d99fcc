package io.tollgrid.rating.routing;

/** How a route plan orders the carriers that may take a call. */
public enum Strategy {
    /** Cheapest buy cost first; ties by higher priority, then carrier id. */
    LEAST_COST,
    /** Higher priority first; ties by cheaper buy cost, then carrier id. */
    PRIORITY,
    /** Load sharing: a weighted draw without replacement, seeded per call so it can be replayed. */
    WEIGHT,
    /** As LEAST_COST, after skipping carriers whose ASR or ACD for the destination is below the plan's threshold. */
    QUALITY
}
