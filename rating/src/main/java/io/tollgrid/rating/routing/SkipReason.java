package io.tollgrid.rating.routing;

/** Why a carrier named by the plan is not in the route list. */
public enum SkipReason {
    UNKNOWN_CARRIER,
    CARRIER_BLOCKED,
    BLOCKED_BY_PLAN,
    /** The deck has no plan by the carrier's buy plan id. */
    NO_BUY_PLAN,
    /** The carrier's buy plan does not rate the callee. */
    NO_BUY_RATE,
    /** The carrier's buy plan blocks the destination. */
    BUY_DESTINATION_BLOCKED,
    NEGATIVE_MARGIN,
    QUALITY_BELOW_THRESHOLD,
    /**
     * The carrier carries as many calls as its concurrent-call limit allows (counted by the grid at authorise;
     * never decided by the {@link Router}, which counts nothing).
     */
    CARRIER_AT_LIMIT,
    /**
     * The carrier was offered as many calls first in this second as its calls-per-second limit allows (counted by the
     * grid at authorise, like {@link #CARRIER_AT_LIMIT}).
     */
    CARRIER_AT_CPS_LIMIT
}
