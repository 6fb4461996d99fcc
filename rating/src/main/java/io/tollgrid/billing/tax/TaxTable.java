package io.tollgrid.billing.tax;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The tax rules, one per (tenant, jurisdiction); immutable. At most {@value #MAX_RULES} rules. */
public final class TaxTable {
    public static final int MAX_RULES = 100_000;

    private final Map<String, TaxRule> rules;

    public TaxTable(Collection<TaxRule> rules) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most " + MAX_RULES + " tax rules, not " + rules.size());
        }
        Map<String, TaxRule> byKey = new HashMap<>();
        for (TaxRule rule : rules) {
            if (byKey.putIfAbsent(key(rule.tenantId(), rule.jurisdiction()), rule) != null) {
                throw new IllegalArgumentException("two tax rules for tenant " + rule.tenantId() + " in "
                        + rule.jurisdiction());
            }
        }
        this.rules = Map.copyOf(byKey);
    }

    /** The tenant's rule in the jurisdiction; empty when it has none, which the invoice run must refuse, not guess. */
    public Optional<TaxRule> ruleFor(String tenantId, String jurisdiction) {
        return Optional.ofNullable(rules.get(key(tenantId, jurisdiction)));
    }

    private static String key(String tenantId, String jurisdiction) {
        return tenantId + "\u0000" + jurisdiction;
    }
}
