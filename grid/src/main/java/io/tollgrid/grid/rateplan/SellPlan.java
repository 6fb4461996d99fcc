package io.tollgrid.grid.rateplan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reseller's sell plan: a child plan of its buy plan with markups per destination group, owned by one tenant.
 * Kept in the manifest of every deck version that holds it, so the owner of each plan travels with the deck and an
 * operator upload can carry the resellers' plans over. A final class rather than a record: Ignite 2 cannot marshal
 * records.
 */
public final class SellPlan {
    /** Between the owner's tenant id and the plan's name in its id; a name never holds one. */
    public static final char SEPARATOR = ':';
    /** A name: what the owner calls the plan, its id without the tenant. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** The most markup rows one plan may have. */
    public static final int MAX_MARKUPS = 200;

    private final String planId;
    private final String tenantId;
    private final String parentId;
    private final String[] groups;
    private final String[] percents;
    private final String[] fixeds;
    private final long atMillis;

    /** One markup row: {@code percent} on price and connect fee, then {@code fixed} on the price, both not negative. */
    public record Markup(String group, BigDecimal percent, BigDecimal fixed) {
        public Markup {
            Objects.requireNonNull(group, "group");
            if (percent.signum() < 0 || fixed.signum() < 0) {
                throw new IllegalArgumentException("a markup is never negative");
            }
        }
    }

    public SellPlan(String tenantId, String name, String parentId, List<Markup> markups, long atMillis) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        if (!name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("a sell plan's name is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        this.planId = idOf(tenantId, name);
        this.parentId = Objects.requireNonNull(parentId, "parentId");
        if (markups.isEmpty() || markups.size() > MAX_MARKUPS) {
            throw new IllegalArgumentException("a sell plan has 1 to " + MAX_MARKUPS + " markups");
        }
        this.groups = markups.stream().map(Markup::group).toArray(String[]::new);
        this.percents = markups.stream().map(m -> m.percent().toPlainString()).toArray(String[]::new);
        this.fixeds = markups.stream().map(m -> m.fixed().toPlainString()).toArray(String[]::new);
        this.atMillis = atMillis;
    }

    /** The id of a tenant's plan of this name: {@code <tenantId>:<name>}. */
    public static String idOf(String tenantId, String name) {
        return tenantId + SEPARATOR + name;
    }

    public String planId() {
        return planId;
    }

    /** The tenant that owns the plan (and may change it). */
    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return planId.substring(tenantId.length() + 1);
    }

    /** The owner's buy plan when the plan was last written. */
    public String parentId() {
        return parentId;
    }

    public long atMillis() {
        return atMillis;
    }

    public List<Markup> markups() {
        List<Markup> markups = new ArrayList<>(groups.length);
        for (int i = 0; i < groups.length; i++) {
            markups.add(new Markup(groups[i], new BigDecimal(percents[i]), new BigDecimal(fixeds[i])));
        }
        return markups;
    }
}
