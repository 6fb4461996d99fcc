package io.tollgrid.grid.charging;

import io.tollgrid.settings.Settings;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Node-wide charging settings, held in each server's node-local map so that jobs find them.
 *
 * @param emergencyNumbers callees that are always allowed, free, and exempt from limits
 * @param sessionTtlMillis a session whose switch has been silent this long past its grant is reaped
 * @param reaperIntervalMillis how often each node looks for silent sessions among those it owns
 * @param finishedRetentionMillis how long a stopped or reaped call's session is kept after it ended, to answer
 *                             replays; then it expires, so the grid's storage follows the calls in progress and
 *                             this window, not the whole call history (docs/charging.md, "Replays and expiry")
 */
public record ChargingPolicy(Set<String> emergencyNumbers, long sessionTtlMillis, long reaperIntervalMillis,
                             long finishedRetentionMillis) {
    public static final String NODE_LOCAL_KEY = "tollgrid.chargingPolicy";
    public static final long DEFAULT_FINISHED_RETENTION_MILLIS = 86_400_000L;
    /**
     * A fail-open stop must arrive this much inside the retention window: the gateway's clock dates the fail-open
     * and the grid node's clock expires the record, and the two may differ by up to this much.
     */
    public static final long CLOCK_MARGIN_MILLIS = 60_000L;
    public static final ChargingPolicy DEFAULTS = new ChargingPolicy(Set.of("112", "911", "999"), 120_000, 5_000,
            DEFAULT_FINISHED_RETENTION_MILLIS);

    public ChargingPolicy {
        emergencyNumbers = Set.copyOf(emergencyNumbers);
        if (finishedRetentionMillis < 1) {
            throw new IllegalArgumentException("finishedRetentionMillis must be positive");
        }
    }

    /** The same policy with another retention of finished calls. */
    public ChargingPolicy withFinishedRetention(long millis) {
        return new ChargingPolicy(emergencyNumbers, sessionTtlMillis, reaperIntervalMillis, millis);
    }

    /**
     * True when a trusted switch's stop for a call the grid never saw (it failed open at {@code failOpenAtMillis})
     * may still be billed at {@code stopAtMillis}: only inside the retention window, less the clock margin, so a
     * repeat of that stop always finds the record the first one left.
     */
    public boolean failOpenStopInTime(long failOpenAtMillis, long stopAtMillis) {
        long margin = Math.min(CLOCK_MARGIN_MILLIS, finishedRetentionMillis / 4);
        return failOpenAtMillis > 0 && failOpenAtMillis <= stopAtMillis + margin
                && stopAtMillis - failOpenAtMillis <= finishedRetentionMillis - margin;
    }

    /**
     * Whether a call that ended at {@code endedAtMillis} would still have its switch-API session in the grid at
     * {@code nowMillis} had the switch API charged it: a finished session is kept a retention from its stop, so a call
     * that ended less than the retention ago, less the clock margin (the switch's clock against this node's), is
     * known to the grid if the switch API ever saw it. Posting an imported call trusts the grid alone then.
     */
    public boolean sessionStillKept(long endedAtMillis, long nowMillis) {
        long margin = Math.min(CLOCK_MARGIN_MILLIS, finishedRetentionMillis / 4);
        return nowMillis - endedAtMillis <= finishedRetentionMillis - margin;
    }

    public static ChargingPolicy from(Settings settings) {
        String numbers = settings.string("grid.emergency.numbers", "112,911,999");
        return new ChargingPolicy(
                Arrays.stream(numbers.split(",")).map(String::trim).filter(n -> !n.isEmpty()).collect(Collectors.toSet()),
                settings.integer("grid.session.ttl.seconds", 120, 1, 86_400) * 1000L,
                settings.integer("grid.reaper.interval.ms", 5_000, 100, 600_000),
                settings.longValue("grid.session.retention.seconds", DEFAULT_FINISHED_RETENTION_MILLIS / 1000, 600,
                        366L * 86_400) * 1000L);
    }

    public boolean isEmergency(String callee) {
        return callee != null && emergencyNumbers.contains(callee);
    }
}
