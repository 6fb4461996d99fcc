package io.tollgrid.rating.discount;

/** What a volume tier's threshold counts in the period so far. */
public enum VolumeBasis {
    /** Whole minutes of calls of the tier's type (seconds / 60, rounded down). */
    MINUTES,
    /** Spend on calls of the tier's type, in micros. */
    SPEND
}
