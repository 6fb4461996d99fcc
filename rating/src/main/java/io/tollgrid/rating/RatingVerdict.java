package io.tollgrid.rating;

/** Whether a call could be rated; the two denials map to the authorisation reason codes of the same name. */
public enum RatingVerdict {
    RATED,
    /** A blocked-destination entry matched: the call must be refused. */
    DESTINATION_BLOCKED,
    /** No entry matched (or the number is not a dialable digit string): the call cannot be priced. */
    RATING_FAILED
}
