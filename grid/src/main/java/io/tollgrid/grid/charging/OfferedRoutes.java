package io.tollgrid.grid.charging;

/**
 * The route list an authorise answers for an account with a route plan (docs/routing.md): the routes in the order
 * to try them (a carrier's gateways together), each with the longest call it may carry, and the plan's carriers
 * left out with their reasons. A final class of arrays rather than records: it travels back to the gateway inside
 * {@link ChargingResult}, which Ignite 2 marshals, and it cannot marshal records.
 */
public final class OfferedRoutes {
    private final String planId;
    private final String[] carrierIds;
    private final String[] uris;
    private final long[] maxDurationSecs;
    private final String[] skippedCarriers;
    private final String[] skippedReasons;

    OfferedRoutes(String planId, String[] carrierIds, String[] uris, long[] maxDurationSecs, String[] skippedCarriers,
                  String[] skippedReasons) {
        if (carrierIds.length != uris.length || uris.length != maxDurationSecs.length
                || skippedCarriers.length != skippedReasons.length) {
            throw new IllegalArgumentException("every route has a carrier, a URI and a duration; every skip a reason");
        }
        this.planId = planId;
        this.carrierIds = carrierIds;
        this.uris = uris;
        this.maxDurationSecs = maxDurationSecs;
        this.skippedCarriers = skippedCarriers;
        this.skippedReasons = skippedReasons;
    }

    public String planId() { return planId; }
    public int size() { return carrierIds.length; }
    public String carrierId(int route) { return carrierIds[route]; }
    public String uri(int route) { return uris[route]; }
    public long maxDurationSecs(int route) { return maxDurationSecs[route]; }
    public int skippedCount() { return skippedCarriers.length; }
    public String skippedCarrier(int skip) { return skippedCarriers[skip]; }
    public String skippedReason(int skip) { return skippedReasons[skip]; }
}
