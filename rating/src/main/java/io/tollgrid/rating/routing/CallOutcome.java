package io.tollgrid.rating.routing;

/** How one call attempt through a carrier ended: answered or not, and for how long it was connected. */
public record CallOutcome(boolean answered, long durationSeconds) implements java.io.Serializable {
    public static final CallOutcome UNANSWERED = new CallOutcome(false, 0);

    public CallOutcome {
        if (durationSeconds < 0 || (!answered && durationSeconds != 0)) {
            throw new IllegalArgumentException("duration must be >= 0, and 0 for an unanswered call: " + durationSeconds);
        }
    }

    public static CallOutcome answered(long durationSeconds) {
        return new CallOutcome(true, durationSeconds);
    }
}
