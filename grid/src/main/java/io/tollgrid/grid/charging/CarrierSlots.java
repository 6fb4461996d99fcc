package io.tollgrid.grid.charging;

import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.CarrierLimits;
import io.tollgrid.rating.routing.Route;
import io.tollgrid.rating.routing.RouteList;
import io.tollgrid.rating.routing.SkipReason;
import io.tollgrid.rating.routing.Skipped;
import org.apache.ignite.IgniteCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Concurrent-call and calls-per-second counters of carriers, keyed by carrier id (docs/routing.md, "Carrier limits").
 * What is counted: a carrier's call counter is the number of calls in progress (AUTHORISED or ANSWERED) whose
 * authorise took a slot of that carrier, which is the first carrier of the route list it answered, after skipping
 * every carrier at a limit. The slot is taken in the authorise's transaction and given back in the transaction that
 * ends the call (stop, reap, estimate), named on the session ({@code carrierSlot}), so replays and failover count it
 * exactly once. A carrier with a calls-per-second limit also counts, per epoch second, the calls whose slot it took.
 *
 * <p>Lock order: after the account and its tenants' counters, the carrier call counters an authorise reads, in
 * carrier id order, then its per-second counters, in carrier id order; a stop, reap or estimate locks one call
 * counter, a start's move two. Like tenant counters they are shared across accounts, so a step that needs them never
 * runs in a transaction shared by a batch.
 */
final class CarrierSlots {
    private final IgniteCache<String, Integer> counters;
    private final IgniteCache<String, CarrierSecond> seconds;

    CarrierSlots(IgniteCache<String, Integer> counters, IgniteCache<String, CarrierSecond> seconds) {
        this.counters = counters;
        this.seconds = seconds;
    }

    /**
     * An authorise's routes as planned before its transaction: the router's list, the carriers in the order they
     * are offered, each one's limits (0: none), the call counters to lock (in id order): every carrier with a
     * concurrent-call limit and every carrier up to the first with no limit at all, the only ones whose counts can
     * decide the answer; and the per-second counters to lock (in id order): every carrier with such a limit.
     */
    record Planned(RouteList list, List<String> carriers, Map<String, CarrierLimits> limits, String[] lockOrder,
                   String[] secondsLockOrder) {
    }

    /**
     * What the transaction found: the carrier whose slot the call takes (null: none can), its count and limits, and
     * the carriers skipped for a limit, in route order, with why.
     */
    record Choice(String carrier, int count, CarrierLimits limits, CarrierSecond second, long epochSecond,
                  Map<String, SkipReason> atLimit) {
    }

    static Planned plan(RouteList list, RoutingTable table) {
        Set<String> inOrder = new LinkedHashSet<>();
        for (Route route : list.routes()) {
            inOrder.add(route.carrierId());
        }
        Map<String, CarrierLimits> limits = new HashMap<>();
        List<String> lock = new ArrayList<>();
        List<String> lockSeconds = new ArrayList<>();
        boolean unlimitedSeen = false;
        for (String id : inOrder) {
            Carrier carrier = table.carrier(id);
            CarrierLimits limit = carrier == null ? CarrierLimits.NONE : carrier.limits();
            limits.put(id, limit);
            if (limit.maxConcurrentCalls() > 0 || !unlimitedSeen) {
                lock.add(id);
            }
            if (limit.maxCallsPerSecond() > 0) {
                lockSeconds.add(id);
            }
            unlimitedSeen |= limit.maxConcurrentCalls() == 0 && limit.maxCallsPerSecond() == 0;
        }
        String[] lockOrder = lock.toArray(String[]::new);
        Arrays.sort(lockOrder);
        String[] secondsLockOrder = lockSeconds.toArray(String[]::new);
        Arrays.sort(secondsLockOrder);
        return new Planned(list, List.copyOf(inOrder), limits, lockOrder, secondsLockOrder);
    }

    /** How many counters an authorise of this plan locks, for its transaction's size. */
    static int locks(Planned planned) {
        return planned.lockOrder().length + planned.secondsLockOrder().length;
    }

    /**
     * Locks the planned counters (call counters in id order, then per-second counters in id order) and picks the
     * first carrier, in the route order, below both its limits in {@code epochSecond}.
     */
    Choice choose(Planned planned, long epochSecond, boolean shared) {
        refuseShared(shared);
        Map<String, Integer> counts = new HashMap<>();
        for (String id : planned.lockOrder()) {
            Integer count = counters.get(id);
            counts.put(id, count == null ? 0 : count);
        }
        Map<String, CarrierSecond> perSecond = new HashMap<>();
        for (String id : planned.secondsLockOrder()) {
            perSecond.put(id, seconds.get(id));
        }
        Map<String, SkipReason> atLimit = new LinkedHashMap<>();
        String chosen = null;
        for (String id : planned.carriers()) {
            CarrierLimits limit = planned.limits().get(id);
            Integer count = counts.get(id); // null after the first carrier with no limit: its call counter is not locked
            SkipReason full = count != null && limit.maxConcurrentCalls() > 0 && count >= limit.maxConcurrentCalls()
                    ? SkipReason.CARRIER_AT_LIMIT
                    : limit.maxCallsPerSecond() > 0
                    && CarrierSecond.callsIn(perSecond.get(id), epochSecond) >= limit.maxCallsPerSecond()
                    ? SkipReason.CARRIER_AT_CPS_LIMIT : null;
            if (full != null) {
                atLimit.put(id, full); // a later route at its per-second limit is not offered either
            } else if (chosen == null) {
                chosen = id; // never one with an unlocked counter: the first carrier with no limit is chosen before
            }
        }
        return chosen == null ? new Choice(null, 0, CarrierLimits.NONE, null, epochSecond, atLimit)
                : new Choice(chosen, counts.get(chosen), planned.limits().get(chosen), perSecond.get(chosen), epochSecond,
                atLimit);
    }

    /** Takes the chosen carrier's slot; its counter was locked by {@link #choose} in this transaction. */
    void take(Choice choice) {
        int after = choice.count() + 1;
        int maxCalls = choice.limits().maxConcurrentCalls();
        if (maxCalls > 0 && after > maxCalls) {
            throw new IllegalStateException("carrier " + choice.carrier() + " would carry " + after
                    + " calls, over its limit of " + maxCalls);
        }
        counters.put(choice.carrier(), after);
        int maxPerSecond = choice.limits().maxCallsPerSecond();
        if (maxPerSecond > 0) {
            CarrierSecond counted = CarrierSecond.plusOne(choice.second(), choice.epochSecond());
            if (counted.calls() > maxPerSecond) {
                throw new IllegalStateException("carrier " + choice.carrier() + " would take " + counted.calls()
                        + " calls in second " + choice.epochSecond() + ", over its limit of " + maxPerSecond);
            }
            seconds.put(choice.carrier(), counted);
        }
    }

    /**
     * Gives back the slot a call held. A counter already at 0 means a slot was lost (a bug, or a counter partition
     * reset after it was lost); the call's end is not refused for it, since that would leave the call unbilled: it is
     * logged at ERROR, counted in {@link #UNDERFLOWS}, and the counter stays at 0.
     */
    void release(String carrierId, boolean shared) {
        refuseShared(shared);
        Integer count = counters.get(carrierId);
        if (count == null || count <= 0) {
            UNDERFLOWS.increment();
            LOG.error("carrier {}'s call counter is already 0 at the end of a call that held one of its slots", carrierId);
            return;
        }
        counters.put(carrierId, count - 1);
    }

    /**
     * Moves a call's slot to the carrier that answered it after its first route failed over: gives one back to
     * {@code from} and takes one of {@code to}. Both counters are locked in id order first, as an authorise locks its
     * carriers, so a move never deadlocks with an authorise or another move. The call is already connected through
     * {@code to}, so the slot is taken even past its limit: the counter says what the carrier carries, and the next
     * authorise skips it until one of its calls ends.
     */
    void move(String from, String to, boolean shared) {
        refuseShared(shared);
        String first = from.compareTo(to) < 0 ? from : to;
        counters.get(first);
        counters.get(first.equals(from) ? to : from);
        release(from, shared);
        Integer count = counters.get(to);
        counters.put(to, count == null ? 1 : count + 1);
    }

    /** Calls ended on this JVM whose carrier counter was already 0 (docs/routing.md); 0 unless a slot was lost. */
    static final java.util.concurrent.atomic.LongAdder UNDERFLOWS = new java.util.concurrent.atomic.LongAdder();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CarrierSlots.class);

    /**
     * The routes offered: the router's, less those of carriers at a limit (added to the skipped, with
     * {@link SkipReason#CARRIER_AT_LIMIT} or {@link SkipReason#CARRIER_AT_CPS_LIMIT}), each valid for the call's grant.
     */
    static OfferedRoutes offer(RouteList list, Map<String, SkipReason> atLimit, long grantedSecs) {
        int kept = 0;
        for (Route route : list.routes()) {
            kept += atLimit.containsKey(route.carrierId()) ? 0 : 1;
        }
        String[] carriers = new String[kept];
        String[] uris = new String[kept];
        long[] durations = new long[kept];
        int i = 0;
        for (Route route : list.routes()) {
            if (!atLimit.containsKey(route.carrierId())) {
                carriers[i] = route.carrierId();
                uris[i] = route.gatewayUri();
                durations[i] = grantedSecs;
                i++;
            }
        }
        int skips = list.skipped().size() + atLimit.size();
        String[] skipped = new String[skips];
        String[] reasons = new String[skips];
        int j = 0;
        for (Skipped skip : list.skipped()) {
            skipped[j] = skip.carrierId();
            reasons[j++] = skip.reason().name();
        }
        for (Map.Entry<String, SkipReason> skip : atLimit.entrySet()) {
            skipped[j] = skip.getKey();
            reasons[j++] = skip.getValue().name();
        }
        return new OfferedRoutes(list.planId(), carriers, uris, durations, skipped, reasons);
    }

    /** Read without a lock, only to plan a batch: whether ending this call gives back a carrier slot. */
    static boolean heldBy(io.tollgrid.grid.session.Session session) {
        return session != null && session.inProgress() && session.carrierSlot() != null;
    }

    private static void refuseShared(boolean shared) {
        if (shared) {
            throw new Step.CannotShareTransaction();
        }
    }
}
