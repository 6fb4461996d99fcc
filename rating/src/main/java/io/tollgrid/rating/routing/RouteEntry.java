package io.tollgrid.rating.routing;

/**
 * A carrier's place in a plan: its priority (higher first, as in the deck) and its weight for load sharing
 * (0: only after every weighted carrier).
 */
public record RouteEntry(String carrierId, int priority, int weight) implements java.io.Serializable {
    public static final int MAX_WEIGHT = 1_000_000;

    public RouteEntry {
        Carrier.requireId("carrier id", carrierId);
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be 0 to " + MAX_WEIGHT + ": " + weight);
        }
    }
}
