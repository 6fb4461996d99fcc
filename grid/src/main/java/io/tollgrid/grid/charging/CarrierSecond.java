package io.tollgrid.grid.charging;

/**
 * How many calls a carrier was offered first in one epoch second, for its calls-per-second limit (docs/routing.md,
 * "Carrier limits"). Immutable; a final class rather than a record because Ignite 2 cannot marshal records.
 */
public final class CarrierSecond {
    private final long epochSecond;
    private final int calls;

    CarrierSecond(long epochSecond, int calls) {
        if (calls < 1) {
            throw new IllegalStateException("a counted second holds at least one call, not " + calls);
        }
        this.epochSecond = epochSecond;
        this.calls = calls;
    }

    /** The calls counted in {@code epochSecond}: 0 when this counter holds another second (or is null). */
    static int callsIn(CarrierSecond counter, long epochSecond) {
        return counter == null || counter.epochSecond != epochSecond ? 0 : counter.calls;
    }

    /** The counter after one more call in {@code epochSecond}, which starts the count over in a new second. */
    static CarrierSecond plusOne(CarrierSecond counter, long epochSecond) {
        return new CarrierSecond(epochSecond, callsIn(counter, epochSecond) + 1);
    }

    public long epochSecond() { return epochSecond; }
    public int calls() { return calls; }
}
