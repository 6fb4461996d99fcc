package io.tollgrid.rating.routing;

import java.util.List;

/**
 * The answer for one call: the routes in the order to try them (one per gateway, a carrier's gateways
 * together), the carriers left out with their reasons in the plan's order, and what decided it.
 *
 * @param e164           the normalised callee the routes were priced for
 * @param overridePrefix the override that applied, or null for the plan's own carriers
 */
public record RouteList(String planId, Strategy strategy, String e164, String overridePrefix, int marginSeconds,
                        List<Route> routes, List<Skipped> skipped) {
    public RouteList {
        routes = List.copyOf(routes);
        skipped = List.copyOf(skipped);
    }
}
