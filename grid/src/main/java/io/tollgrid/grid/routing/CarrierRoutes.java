package io.tollgrid.grid.routing;

import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.DestinationOverride;
import io.tollgrid.rating.routing.RouteEntry;
import io.tollgrid.rating.routing.RoutePlan;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;

import javax.cache.Cache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * Carriers by id, and route plans by id with the tenants and accounts they apply to. A plan may only name
 * carriers that exist, checked in the transaction that stores it, so a refused plan changes nothing.
 * Works from a client node (the gateway) or a server node.
 *
 * <p>Carriers and plans are the rating library's records, which Ignite's marshaller cannot write (it sets final
 * fields, which records forbid). They are stored as their Java serialised form instead: a record is read back
 * through its canonical constructor, so a stored value is validated again on every read, and only the routing
 * records and JDK collections may be read back.
 */
public final class CarrierRoutes {
    /** Carriers a grid holds; every route query reads them all. */
    public static final int MAX_CARRIERS = 10_000;
    private static final String PLAN = "plan/";
    private static final String FOR_TENANT = "tenant/";
    private static final String FOR_ACCOUNT = "account/";

    private final Ignite ignite;
    private static final ObjectInputFilter ROUTING_VALUES_ONLY = ObjectInputFilter.Config.createFilter(
            "maxdepth=10;maxarray=100000;io.tollgrid.rating.routing.*;java.util.*;java.lang.*;!*");
    private final IgniteCache<String, byte[]> carriers;
    private final IgniteCache<String, Object> plans;

    public CarrierRoutes(Ignite ignite) {
        this.ignite = ignite;
        this.carriers = ignite.cache(Caches.CARRIERS);
        this.plans = ignite.cache(Caches.ROUTE_PLANS);
    }

    /** Creates or replaces a carrier; answers true when it is new. */
    public boolean putCarrier(Carrier carrier) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            boolean isNew = !carriers.containsKey(carrier.id());
            if (isNew && carriers.size() >= MAX_CARRIERS) {
                throw new AdminException("TOO_MANY_CARRIERS", "a grid holds at most " + MAX_CARRIERS + " carriers");
            }
            carriers.put(carrier.id(), bytes(carrier));
            tx.commit();
            return isNew;
        }
    }

    public Optional<Carrier> carrier(String id) {
        return Optional.ofNullable(carriers.get(id)).map(stored -> value(stored, Carrier.class));
    }

    /** Every carrier by id (a local read on a server node: the cache is replicated). */
    public Map<String, Carrier> carriers() {
        Map<String, Carrier> all = new TreeMap<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = carriers.query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> entry : cursor) {
                all.put(entry.getKey(), value(entry.getValue(), Carrier.class));
            }
        }
        return all;
    }

    /**
     * Creates or replaces a plan and makes it the plan of the scope's tenant or account.
     *
     * @throws AdminException CARRIER_UNKNOWN when the plan names a carrier that does not exist
     */
    public void putPlan(RoutePlan plan, RoutePlanScope scope) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Set<String> named = carriersNamedBy(plan);
            Map<String, byte[]> found = carriers.getAll(named);
            for (String id : named) {
                if (!found.containsKey(id)) {
                    throw new AdminException("CARRIER_UNKNOWN", "route plan " + plan.id() + " names carrier " + id
                            + ", which does not exist");
                }
            }
            plans.put(PLAN + plan.id(), bytes(plan));
            if (scope.tenantId() != null) {
                plans.put(FOR_TENANT + scope.tenantId(), plan.id());
            }
            if (scope.accountId() != null) {
                plans.put(FOR_ACCOUNT + scope.accountId(), plan.id());
            }
            tx.commit();
        }
    }

    public Optional<RoutePlan> plan(String id) {
        return Optional.ofNullable((byte[]) plans.get(PLAN + id)).map(stored -> value(stored, RoutePlan.class));
    }

    /** The account's own plan, else its tenant's; empty when neither has one. */
    public Optional<RoutePlan> planFor(String tenantId, String accountId) {
        String planId = (String) plans.get(FOR_ACCOUNT + accountId);
        if (planId == null) {
            planId = (String) plans.get(FOR_TENANT + tenantId);
        }
        return planId == null ? Optional.empty() : plan(planId);
    }

    private static Set<String> carriersNamedBy(RoutePlan plan) {
        Set<String> named = new LinkedHashSet<>();
        for (RouteEntry entry : plan.carriers()) {
            named.add(entry.carrierId());
        }
        for (DestinationOverride override : plan.overrides()) {
            for (RouteEntry entry : override.carriers()) {
                named.add(entry.carrierId());
            }
        }
        return named;
    }

    private static byte[] bytes(Serializable value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static <T> T value(byte[] stored, Class<T> type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
            in.setObjectInputFilter(ROUTING_VALUES_ONLY);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " cannot be read", e);
        }
    }
}
