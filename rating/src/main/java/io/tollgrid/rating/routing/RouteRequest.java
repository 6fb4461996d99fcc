package io.tollgrid.rating.routing;

/**
 * One call to route.
 *
 * @param source  the source or trunk whose dial rule normalises the callee (docs/rating.md), "*" for the default
 * @param callee  as dialled
 * @param seed    drives WEIGHT plans' draw; the same seed gives the same order (e.g. a hash of the call id)
 */
public record RouteRequest(String source, String callee, long startEpochSecond, SellPrice sellPrice, long seed) {
    public RouteRequest {
        if (source == null || callee == null || sellPrice == null) {
            throw new IllegalArgumentException("source, callee and sell price are required");
        }
    }
}
