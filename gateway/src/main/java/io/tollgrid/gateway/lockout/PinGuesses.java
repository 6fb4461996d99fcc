package io.tollgrid.gateway.lockout;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Wrong PINs at authorise, counted per (switch tenant, caller number): a caller who keys {@value #MAX_WRONG} PINs that
 * name no PIN identity within 15 minutes gets DENY {@code PIN_LOCKED} for any PIN for the next 15 minutes, before the
 * grid is asked. The switch itself is never locked out (its other calls go on); callers with a withheld number share
 * one count per switch tenant. Bounded: the 100,000 most recently seen callers are remembered.
 */
public final class PinGuesses {
    public static final int MAX_WRONG = 5;
    public static final AuthLimits LIMITS = new AuthLimits(MAX_WRONG, Duration.ofMinutes(15), Duration.ofMinutes(15),
            100_000);

    private final FailureCounts counts;

    public PinGuesses(AuthLimits limits) {
        this(limits, System::currentTimeMillis);
    }

    PinGuesses(AuthLimits limits, LongSupplier clockMillis) {
        this.counts = new FailureCounts(limits, clockMillis);
    }

    /** Whether this caller of this switch tenant (null: the operator's switches) may not try a PIN now. */
    public boolean locked(String switchTenant, String callerNumber) {
        return counts.lockedFor(subject(switchTenant, callerNumber)) > 0;
    }

    /** Counts a PIN that named nothing. */
    public void wrong(String switchTenant, String callerNumber) {
        counts.failed(subject(switchTenant, callerNumber));
    }

    private static String subject(String switchTenant, String callerNumber) {
        return (switchTenant == null ? "" : switchTenant) + "\u0000" + (callerNumber == null ? "" : callerNumber);
    }
}
