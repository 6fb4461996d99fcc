package io.tollgrid.grid.shop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A call shop: a tenant, the accounts of its own that are its booths, and its sell rules. Its balance with the
 * operator is its tenant's wallet account. Stored in Ignite, hence a final class, not a record.
 */
public final class Shop {
    public static final int MAX_BOOTHS = 200;
    public static final int MAX_RULES = 1_000;

    private final String tenantId;
    private final ArrayList<String> booths;
    private final ArrayList<SellRule> rules;

    public Shop(String tenantId, List<String> booths, List<SellRule> rules) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        if (booths.isEmpty() || booths.size() > MAX_BOOTHS) {
            throw new IllegalArgumentException("a shop has 1 to " + MAX_BOOTHS + " booths");
        }
        if (new HashSet<>(booths).size() != booths.size()) {
            throw new IllegalArgumentException("a booth is listed twice");
        }
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("a shop has at most " + MAX_RULES + " sell rules");
        }
        if (rules.stream().map(SellRule::prefix).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("two sell rules have the same prefix");
        }
        this.booths = new ArrayList<>(booths);
        this.rules = new ArrayList<>(rules);
    }

    public String tenantId() {
        return tenantId;
    }

    public List<String> booths() {
        return List.copyOf(booths);
    }

    public List<SellRule> rules() {
        return List.copyOf(rules);
    }
}
