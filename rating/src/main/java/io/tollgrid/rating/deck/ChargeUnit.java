package io.tollgrid.rating.deck;

/** What a tariff's price is for. */
public enum ChargeUnit {
    /** Block-based: the price is per 60 seconds and each increment costs its share of it. */
    MINUTE,
    /** Pulse-based: the price is what one increment (pulse) costs, whatever its length. */
    PULSE
}
