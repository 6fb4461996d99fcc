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
 */
public record ChargingPolicy(Set<String> emergencyNumbers, long sessionTtlMillis, long reaperIntervalMillis) {
    public static final String NODE_LOCAL_KEY = "tollgrid.chargingPolicy";
    public static final ChargingPolicy DEFAULTS = new ChargingPolicy(Set.of("112", "911", "999"), 120_000, 5_000);

    public ChargingPolicy {
        emergencyNumbers = Set.copyOf(emergencyNumbers);
    }

    public static ChargingPolicy from(Settings settings) {
        String numbers = settings.string("grid.emergency.numbers", "112,911,999");
        return new ChargingPolicy(
                Arrays.stream(numbers.split(",")).map(String::trim).filter(n -> !n.isEmpty()).collect(Collectors.toSet()),
                settings.integer("grid.session.ttl.seconds", 120, 1, 86_400) * 1000L,
                settings.integer("grid.reaper.interval.ms", 5_000, 100, 600_000));
    }

    public boolean isEmergency(String callee) {
        return callee != null && emergencyNumbers.contains(callee);
    }
}
