package io.tollgrid.gateway.notify;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The send limits of one notifier: at most {@code perReceiver} messages to one receiver (an email address, a webhook
 * URL) of a tenant and at most {@code perTenant} messages of a tenant in each UTC clock hour. A delivery is admitted
 * whole or not at all: an email to three addresses counts once for each and is held back if any of them (or the
 * tenant) has had its hour's share. The counts are this gateway's own, in memory: with several gateways each allows its
 * share, and a restart starts the hour's counts again.
 *
 * <p>Bounded: at most {@value #MAX_KEYS} (tenant, receiver) counts an hour; once they are full a new receiver is held
 * back until the hour turns. The counts are dropped at every new hour.
 */
final class SendThrottle {
    static final int MAX_KEYS = 100_000;

    private final int perReceiver;
    private final int perTenant;
    private long hour = Long.MIN_VALUE;
    private final Map<String, Integer> tenants = new HashMap<>();
    private final Map<String, Integer> receivers = new HashMap<>();

    SendThrottle(int perReceiver, int perTenant) {
        if (perReceiver < 1 || perTenant < 1) {
            throw new IllegalArgumentException("the send limits are at least 1 an hour");
        }
        this.perReceiver = perReceiver;
        this.perTenant = perTenant;
    }

    /**
     * Counts the send and answers empty, or answers why it is held back (and counts nothing). Each receiver counts
     * once, however often it is named.
     */
    synchronized Optional<String> admit(String tenantId, List<String> to, Instant now) {
        long current = Math.floorDiv(now.getEpochSecond(), 3600);
        if (current != hour) {
            hour = current;
            tenants.clear();
            receivers.clear();
        }
        if (tenants.getOrDefault(tenantId, 0) >= perTenant) {
            return Optional.of("throttled: the tenant's " + perTenant + " messages this hour were sent");
        }
        List<String> keys = to.stream().distinct().map(receiver -> tenantId + "\u0000" + receiver).toList();
        long fresh = keys.stream().filter(key -> !receivers.containsKey(key)).count();
        if (receivers.size() + fresh > MAX_KEYS) {
            return Optional.of("throttled: too many receivers this hour (" + MAX_KEYS + ")");
        }
        for (String key : keys) {
            if (receivers.getOrDefault(key, 0) >= perReceiver) {
                return Optional.of("throttled: " + key.substring(key.indexOf('\u0000') + 1) + " had its " + perReceiver
                        + " messages this hour");
            }
        }
        tenants.merge(tenantId, 1, Integer::sum);
        keys.forEach(key -> receivers.merge(key, 1, Integer::sum));
        return Optional.empty();
    }
}
