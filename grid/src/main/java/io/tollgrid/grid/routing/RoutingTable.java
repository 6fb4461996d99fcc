package io.tollgrid.grid.routing;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.QualityStats;
import io.tollgrid.rating.routing.QualityWindow;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.Router;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the carriers and route plans, kept current by two continuous queries on their replicated
 * caches, for the authorise path: an account with no route plan costs one {@link ConcurrentHashMap#isEmpty} (no plan
 * anywhere) or two lookups of ids the caller already holds, no cache read and no allocation. A change to a plan or a
 * carrier reaches every node's table shortly after it commits (the query's notification), not in the same
 * transaction: a call authorised in that moment routes by the previous plan. One table per node.
 */
public final class RoutingTable {
    private static final String NODE_LOCAL_KEY = "tollgrid.routing.table";
    private static final String PLAN = "plan/";
    private static final String FOR_TENANT = "tenant/";
    private static final String FOR_ACCOUNT = "account/";

    private final Map<String, Carrier> carriers = new ConcurrentHashMap<>();
    private final Map<String, RoutePlan> plans = new ConcurrentHashMap<>();
    private final Map<String, String> tenantPlans = new ConcurrentHashMap<>();
    private final Map<String, String> accountPlans = new ConcurrentHashMap<>();
    /** Quality windows by "carrier/prefix" (CarrierQuality), read by QUALITY plans. */
    private final Map<String, QualityWindow> windows = new ConcurrentHashMap<>();
    private final QualityStats quality = (carrierId, prefix) -> windows.get(CarrierQuality.key(carrierId, prefix));
    /** Bumped on every carrier change, so the cached router is rebuilt. */
    private final AtomicLong carriersGeneration = new AtomicLong();
    private volatile CachedRouter cachedRouter;
    /** Kept open for the node's life: closing a cursor ends its continuous query. */
    @SuppressWarnings("unused")
    private final QueryCursor<?> carrierQuery;
    @SuppressWarnings("unused")
    private final QueryCursor<?> planQuery;
    @SuppressWarnings("unused")
    private final QueryCursor<?> qualityQuery;

    private RoutingTable(Ignite ignite) {
        this.carrierQuery = follow(ignite.<String, Object>cache(Caches.CARRIERS), (key, value) -> carrier(key, (byte[]) value));
        this.planQuery = follow(ignite.<String, Object>cache(Caches.ROUTE_PLANS), this::plan);
        this.qualityQuery = follow(ignite.<String, Object>cache(Caches.CARRIER_QUALITY), (key, value) -> window(key, (byte[]) value));
    }

    /**
     * Applies every entry of the cache, then every change, through {@code apply} (a null value: removed). A change
     * notified while the initial scan runs is held back and applied after it, in the order notified, so a scan that
     * read an entry before a change can never leave the older value in place.
     */
    private static QueryCursor<?> follow(IgniteCache<String, Object> cache, java.util.function.BiConsumer<String, Object> apply) {
        Object lock = new Object();
        java.util.List<Object[]> heldBack = new java.util.ArrayList<>();
        boolean[] scanning = {true};
        ContinuousQuery<String, Object> query = new ContinuousQuery<>();
        query.setInitialQuery(new ScanQuery<>());
        query.setLocalListener(events -> {
            synchronized (lock) {
                for (CacheEntryEvent<? extends String, ?> event : events) {
                    Object value = removed(event) ? null : event.getValue();
                    if (scanning[0]) {
                        heldBack.add(new Object[]{event.getKey(), value});
                    } else {
                        apply.accept(event.getKey(), value);
                    }
                }
            }
        });
        QueryCursor<Cache.Entry<String, Object>> cursor = cache.query(query);
        for (Cache.Entry<String, Object> entry : cursor) {
            apply.accept(entry.getKey(), entry.getValue());
        }
        synchronized (lock) {
            for (Object[] change : heldBack) {
                apply.accept((String) change[0], change[1]);
            }
            heldBack.clear();
            scanning[0] = false;
        }
        return cursor;
    }

    /** This node's table, started on first use. */
    public static RoutingTable on(Ignite ignite) {
        Map<String, Object> local = ignite.cluster().nodeLocalMap();
        RoutingTable table = (RoutingTable) local.get(NODE_LOCAL_KEY);
        if (table != null) {
            return table;
        }
        synchronized (RoutingTable.class) {
            table = (RoutingTable) local.get(NODE_LOCAL_KEY);
            if (table == null) {
                table = new RoutingTable(ignite);
                local.put(NODE_LOCAL_KEY, table);
            }
            return table;
        }
    }

    /** The account's own plan, else its tenant's; null when neither has one (the common case, kept cheap). */
    public RoutePlan planFor(String tenantId, String accountId) {
        if (accountPlans.isEmpty() && tenantPlans.isEmpty()) {
            return null;
        }
        String planId = accountPlans.get(accountId);
        if (planId == null && tenantId != null) {
            planId = tenantPlans.get(tenantId);
        }
        return planId == null ? null : plans.get(planId);
    }

    public Carrier carrier(String carrierId) {
        return carriers.get(carrierId);
    }

    /** A router over the carriers as they are now and this deck's buy plans; rebuilt only when either changed. */
    public Router router(RateDeck deck) {
        CachedRouter cached = cachedRouter;
        long generation = carriersGeneration.get();
        if (cached != null && cached.deck == deck && cached.generation == generation) {
            return cached.router;
        }
        Router router = new Router(Map.copyOf(carriers), deck, quality);
        cachedRouter = new CachedRouter(deck, generation, router);
        return router;
    }

    /** The carriers' quality windows as this node last heard of them. */
    public QualityStats quality() {
        return quality;
    }

    private void window(String key, byte[] stored) {
        if (stored == null) {
            windows.remove(key);
        } else {
            windows.put(key, CarrierRoutes.value(stored, QualityWindow.class));
        }
    }

    private void carrier(String id, byte[] stored) {
        if (stored == null) {
            carriers.remove(id);
        } else {
            carriers.put(id, CarrierRoutes.value(stored, Carrier.class));
        }
        carriersGeneration.incrementAndGet();
    }

    private void plan(String key, Object stored) {
        if (key.startsWith(PLAN)) {
            String id = key.substring(PLAN.length());
            if (stored == null) {
                plans.remove(id);
            } else {
                plans.put(id, CarrierRoutes.value((byte[]) stored, RoutePlan.class));
            }
        } else if (key.startsWith(FOR_TENANT)) {
            scope(tenantPlans, key.substring(FOR_TENANT.length()), stored);
        } else if (key.startsWith(FOR_ACCOUNT)) {
            scope(accountPlans, key.substring(FOR_ACCOUNT.length()), stored);
        }
    }

    private static void scope(Map<String, String> scopes, String id, Object planId) {
        if (planId == null) {
            scopes.remove(id);
        } else {
            scopes.put(id, (String) planId);
        }
    }

    private static boolean removed(CacheEntryEvent<?, ?> event) {
        return event.getEventType() == EventType.REMOVED || event.getEventType() == EventType.EXPIRED;
    }

    private record CachedRouter(RateDeck deck, long generation, Router router) {
    }
}
