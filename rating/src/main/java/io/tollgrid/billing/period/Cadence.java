package io.tollgrid.billing.period;

/** How often a cycle repeats. */
public enum Cadence {
    /** Anchored on a day of the month, 1 to 31; a month shorter than the anchor starts on its last day. */
    MONTHLY,
    /** Anchored on an ISO day of the week, 1 (Monday) to 7 (Sunday). */
    WEEKLY
}
