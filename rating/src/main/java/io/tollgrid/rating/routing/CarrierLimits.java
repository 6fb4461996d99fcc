package io.tollgrid.rating.routing;

/**
 * A carrier's capacity as agreed with it: concurrent calls and calls per second, 0 meaning no limit.
 * Only data here; the grid counts calls against it.
 */
public record CarrierLimits(int maxConcurrentCalls, int maxCallsPerSecond) implements java.io.Serializable {
    public static final CarrierLimits NONE = new CarrierLimits(0, 0);

    public CarrierLimits {
        if (maxConcurrentCalls < 0 || maxCallsPerSecond < 0) {
            throw new IllegalArgumentException("carrier limits must be 0 (none) or positive: concurrent "
                    + maxConcurrentCalls + ", cps " + maxCallsPerSecond);
        }
    }
}
