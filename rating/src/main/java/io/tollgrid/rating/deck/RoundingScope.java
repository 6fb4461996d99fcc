package io.tollgrid.rating.deck;

/** Where a plan rounds to the currency precision. */
public enum RoundingScope {
    /** Exact sum of connect fee and increments, rounded once per call. */
    CALL,
    /** The connect fee and each increment are rounded on their own, then added. */
    INCREMENT
}
