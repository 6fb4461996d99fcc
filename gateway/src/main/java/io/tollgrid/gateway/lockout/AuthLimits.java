package io.tollgrid.gateway.lockout;

import java.time.Duration;

/**
 * How many authentication failures a subject (a source address, a key, a principal id's password logins) may have
 * in {@code window} before it is locked out for {@code lockout}, and how many subjects are remembered at most.
 */
public record AuthLimits(int maxFailures, Duration window, Duration lockout, int maxTracked) {
    /** 10 failures a minute lock out for 5 minutes; 100,000 addresses and 100,000 keys remembered. */
    public static final AuthLimits DEFAULTS = new AuthLimits(10, Duration.ofMinutes(1), Duration.ofMinutes(5), 100_000);
    /**
     * Password logins per principal id, whatever addresses they come from: 10 failures in 15 minutes lock that id's
     * password logins out for 15 minutes (its API keys keep working); 100,000 ids remembered, unknown ones included.
     */
    public static final AuthLimits PRINCIPAL_LOGINS = new AuthLimits(10, Duration.ofMinutes(15), Duration.ofMinutes(15),
            100_000);

    public AuthLimits {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()
                || maxTracked < 1) {
            throw new IllegalArgumentException("auth limits must be positive: " + maxFailures + ", " + window + ", "
                    + lockout + ", " + maxTracked);
        }
    }
}
