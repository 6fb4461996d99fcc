package io.tollgrid.rating.routing;

import java.util.List;

/**
 * A termination vendor. Its buy rates are the plan {@code buyPlan} of the rate deck (the deck format of
 * docs/rating.md), so they are priced by the same lookup and arithmetic as sell rates.
 *
 * @param gateways tried in this order for the carrier, at least one
 */
public record Carrier(String id, String name, CarrierStatus status, String buyPlan, List<SipGateway> gateways,
                      CarrierLimits limits) implements java.io.Serializable {
    public static final int MAX_GATEWAYS = 16;

    public Carrier {
        requireId("carrier id", id);
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new IllegalArgumentException("carrier name must be 1 to 256 characters");
        }
        if (status == null || limits == null) {
            throw new IllegalArgumentException("carrier status and limits are required");
        }
        requireId("buy plan", buyPlan);
        if (gateways == null || gateways.isEmpty() || gateways.size() > MAX_GATEWAYS) {
            throw new IllegalArgumentException("a carrier needs 1 to " + MAX_GATEWAYS + " gateways");
        }
        gateways = List.copyOf(gateways);
    }

    public boolean isActive() {
        return status == CarrierStatus.ACTIVE;
    }

    static void requireId(String what, String value) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}")) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-': " + value);
        }
    }
}
