package io.tollgrid.gateway.lockout;

import java.time.Duration;

/**
 * How many authentication failures a source address or a key may have in {@code window} before it is locked
 * out for {@code lockout}, and how many of each are remembered at most.
 */
public record AuthLimits(int maxFailures, Duration window, Duration lockout, int maxTracked) {
    /** 10 failures a minute lock out for 5 minutes; 100,000 addresses and 100,000 keys remembered. */
    public static final AuthLimits DEFAULTS = new AuthLimits(10, Duration.ofMinutes(1), Duration.ofMinutes(5), 100_000);

    public AuthLimits {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()
                || maxTracked < 1) {
            throw new IllegalArgumentException("auth limits must be positive: " + maxFailures + ", " + window + ", "
                    + lockout + ", " + maxTracked);
        }
    }
}
