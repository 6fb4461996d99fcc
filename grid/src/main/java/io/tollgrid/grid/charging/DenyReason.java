package io.tollgrid.grid.charging;

/** Why an authorisation was refused (docs/api.md). The names are the stable codes on the wire. */
public enum DenyReason {
    INSUFFICIENT_CREDIT,
    ACCOUNT_UNKNOWN,
    ACCOUNT_FROZEN,
    ACCOUNT_CLOSED,
    CONCURRENT_LIMIT,
    CPS_LIMIT,
    DESTINATION_BLOCKED,
    RATING_FAILED,
    /** The account has a route plan and none of its carriers may take the call (docs/routing.md). */
    NO_ROUTE
}
