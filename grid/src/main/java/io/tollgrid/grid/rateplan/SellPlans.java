package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.tollgrid.rating.deck.PlanRow;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resellers' sell plans: a tenant's own child plan of its buy plan ({@link Tenant#buyPlanId}, named by the
 * operator) with markups per destination group. A write installs a new deck version, the active one with the plan
 * in place, through the same versioning as an operator's upload: compiled first (a plan the deck refuses writes
 * nothing), then activated in one transaction only if the active version is still the one it was made from
 * (otherwise it is made again from the newer one). docs/rating.md, "Reseller sell plans".
 */
public final class SellPlans {
    private final RateDecks decks;
    private final DeckStore store;
    private final IgniteCache<String, Tenant> tenants;

    public SellPlans(Ignite ignite) {
        this.decks = new RateDecks(ignite);
        this.store = new DeckStore(ignite);
        this.tenants = ignite.cache(Caches.TENANTS);
    }

    /** The outcome of a write: the plan as stored, the deck version holding it, and whether it replaced one. */
    public record Written(SellPlan plan, long version, boolean replaced) {
    }

    /**
     * Creates or replaces the tenant's plan {@code name}, a child of the tenant's buy plan with these markups.
     *
     * @throws SellPlanException NO_BUY_PLAN (the tenant has none), NO_ACTIVE_DECK, PLAN_TAKEN (an operator plan has
     *                           the id), MARKUP_REJECTED (the deck would not compile it, with its errors)
     */
    public Written put(String tenantId, String name, List<SellPlan.Markup> markups, long atMillis) {
        Tenant tenant = tenants.get(tenantId);
        if (tenant == null) {
            throw new SellPlanException("TENANT_UNKNOWN", "no such tenant");
        }
        if (tenant.buyPlanId() == null) {
            throw new SellPlanException("NO_BUY_PLAN", "tenant " + tenantId + " has no buy plan to mark up; the operator "
                    + "names one (buyPlanId)");
        }
        SellPlan plan;
        try {
            plan = new SellPlan(tenantId, name, tenant.buyPlanId(), markups, atMillis);
        } catch (IllegalArgumentException e) {
            throw new SellPlanException("INVALID_REQUEST", e.getMessage());
        }
        for (int attempt = 1; ; attempt++) {
            ActiveDeck active = store.active();
            StoredDeck manifest = active == null ? null : store.manifest(active.version());
            if (manifest == null) {
                throw new SellPlanException("NO_ACTIVE_DECK", "no rate deck is active; the operator uploads one first");
            }
            List<SellPlan> sells = new ArrayList<>(manifest.sellPlans());
            boolean replaced = sells.removeIf(sell -> sell.planId().equals(plan.planId()));
            if (!replaced && manifest.plans().contains(plan.planId())) {
                throw new SellPlanException("PLAN_TAKEN", "plan " + plan.planId() + " is one of the operator's");
            }
            if (!manifest.plans().contains(plan.parentId())) {
                throw new SellPlanException("NO_BUY_PLAN", "the active deck has no plan " + plan.parentId()
                        + ", this tenant's buy plan");
            }
            RateDeck base = DeckCsv.read(active.version(), store.tables(active.version()));
            Map<String, String> tables;
            RateDeck validated;
            try {
                tables = SellPlanTables.with(DeckCsv.write(base), base, List.of(plan));
                validated = DeckCsv.read(1, tables);
            } catch (DeckRejectedException e) {
                throw new SellPlanException("MARKUP_REJECTED", "the deck refuses this plan: " + e.errors().get(0),
                        e.errors());
            }
            sells.add(plan);
            List<String> plans = validated.planRows().stream().map(PlanRow::plan).toList();
            DeckUpload upload = decks.commit(tables, plans, sells, active.version(), atMillis);
            if (upload != null) {
                return new Written(plan, upload.version(), replaced);
            }
            if (attempt == RateDecks.COMMIT_ATTEMPTS) {
                throw new SellPlanException("DECK_BUSY", "the active rate deck kept changing; try again");
            }
        }
    }

    /** The sell plans of the active deck that the tenant owns, by id. */
    public List<SellPlan> ownedBy(String tenantId) {
        return decks.activeSellPlans().stream().filter(sell -> sell.tenantId().equals(tenantId))
                .sorted(java.util.Comparator.comparing(SellPlan::planId)).toList();
    }

    /** A sell plan of the active deck. */
    public Optional<SellPlan> plan(String planId) {
        return decks.activeSellPlans().stream().filter(sell -> sell.planId().equals(planId)).findFirst();
    }

    /** Waits until every server prices new calls with this version, as an operator upload does. */
    public Map<String, Long> awaitCompiled(long version, java.time.Duration timeout) {
        return decks.awaitCompiled(version, timeout);
    }
}
