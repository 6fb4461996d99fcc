package io.tollgrid.grid.charging;

import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.Route;
import io.tollgrid.rating.routing.RouteList;
import io.tollgrid.rating.routing.SkipReason;
import io.tollgrid.rating.routing.Skipped;
import org.apache.ignite.IgniteCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Concurrent-call counters of carriers, keyed by carrier id (docs/routing.md, "Carrier limits"). What is counted:
 * a carrier's counter is the number of calls in progress (AUTHORISED or ANSWERED) whose authorise took a slot of
 * that carrier, which is the first carrier of the route list it answered, after skipping every carrier at its limit.
 * The slot is taken in the authorise's transaction and given back in the transaction that ends the call (stop,
 * reap, estimate), named on the session ({@code carrierSlot}), so replays and failover count it exactly once.
 *
 * <p>Lock order: after the account and its tenants' counters, the carrier counters an authorise reads, in carrier
 * id order; a stop, reap or estimate locks one. Like tenant counters they are shared across accounts, so a step
 * that needs them never runs in a transaction shared by a batch.
 */
final class CarrierSlots {
    private final IgniteCache<String, Integer> counters;

    CarrierSlots(IgniteCache<String, Integer> counters) {
        this.counters = counters;
    }

    /**
     * An authorise's routes as planned before its transaction: the router's list, the carriers in the order they
     * are offered, each one's limit (0: none), and the counters to lock (in id order): every limited carrier of the
     * list and the first unlimited one, the only ones whose counts can decide the answer.
     */
    record Planned(RouteList list, List<String> carriers, Map<String, Integer> limits, String[] lockOrder) {
    }

    /** What the transaction found: the carrier whose slot the call takes (null: none can) and the ones at their limit. */
    record Choice(String carrier, int count, int limit, Set<String> atLimit) {
    }

    static Planned plan(RouteList list, RoutingTable table) {
        Set<String> inOrder = new LinkedHashSet<>();
        for (Route route : list.routes()) {
            inOrder.add(route.carrierId());
        }
        Map<String, Integer> limits = new HashMap<>();
        List<String> lock = new ArrayList<>();
        boolean unlimitedSeen = false;
        for (String id : inOrder) {
            Carrier carrier = table.carrier(id);
            int limit = carrier == null ? 0 : carrier.limits().maxConcurrentCalls();
            limits.put(id, limit);
            if (limit > 0 || !unlimitedSeen) {
                lock.add(id);
            }
            unlimitedSeen |= limit == 0;
        }
        String[] lockOrder = lock.toArray(String[]::new);
        Arrays.sort(lockOrder);
        return new Planned(list, List.copyOf(inOrder), limits, lockOrder);
    }

    /** Locks the planned counters in id order and picks the first carrier, in the route order, below its limit. */
    Choice choose(Planned planned, boolean shared) {
        refuseShared(shared);
        Map<String, Integer> counts = new HashMap<>();
        for (String id : planned.lockOrder()) {
            Integer count = counters.get(id);
            counts.put(id, count == null ? 0 : count);
        }
        Set<String> atLimit = new LinkedHashSet<>();
        String chosen = null;
        for (String id : planned.carriers()) {
            int limit = planned.limits().get(id);
            Integer count = counts.get(id);
            if (count == null) {
                continue; // after the first unlimited carrier: not locked, never at a limit
            }
            if (limit > 0 && count >= limit) {
                atLimit.add(id);
            } else if (chosen == null) {
                chosen = id;
            }
        }
        return chosen == null ? new Choice(null, 0, 0, atLimit)
                : new Choice(chosen, counts.get(chosen), planned.limits().get(chosen), atLimit);
    }

    /** Takes the chosen carrier's slot; its counter was locked by {@link #choose} in this transaction. */
    void take(Choice choice) {
        int after = choice.count() + 1;
        if (choice.limit() > 0 && after > choice.limit()) {
            throw new IllegalStateException("carrier " + choice.carrier() + " would carry " + after
                    + " calls, over its limit of " + choice.limit());
        }
        counters.put(choice.carrier(), after);
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
     * The routes offered: the router's, less those of carriers at their limit (added to the skipped, with
     * {@link SkipReason#CARRIER_AT_LIMIT}), each valid for the call's grant.
     */
    static OfferedRoutes offer(RouteList list, Set<String> atLimit, long grantedSecs) {
        int kept = 0;
        for (Route route : list.routes()) {
            kept += atLimit.contains(route.carrierId()) ? 0 : 1;
        }
        String[] carriers = new String[kept];
        String[] uris = new String[kept];
        long[] durations = new long[kept];
        int i = 0;
        for (Route route : list.routes()) {
            if (!atLimit.contains(route.carrierId())) {
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
        for (String id : atLimit) {
            skipped[j] = id;
            reasons[j++] = SkipReason.CARRIER_AT_LIMIT.name();
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
