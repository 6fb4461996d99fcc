package io.tollgrid.grid.rateplan;

import io.tollgrid.rating.csv.Csv;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.tollgrid.rating.deck.PlanRow;
import io.tollgrid.rating.deck.RateDeck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sell plans as deck rows: a {@code plans.csv} row that names the buy plan as parent and copies its settings (zone,
 * decimals, band crossing, rounding and its scope, longest grant), and one {@code markups.csv} row per destination
 * group. Works on a deck's canonical tables ({@link DeckCsv#write}), where the plan is each row's first field.
 */
final class SellPlanTables {
    private static final String MARKUPS = "markups.csv";

    private SellPlanTables() {
    }

    /**
     * The sell plans a new operator deck keeps: those whose buy plan it still defines (or another kept sell plan).
     *
     * @throws DeckRejectedException when the operator's deck defines a plan with a sell plan's id
     */
    static List<SellPlan> carried(RateDeck operators, List<SellPlan> sellPlans) {
        List<String> taken = new ArrayList<>();
        for (SellPlan sell : sellPlans) {
            if (operators.plan(sell.planId()) != null) {
                taken.add("plans.csv: plan " + sell.planId() + " is a sell plan of tenant " + sell.tenantId()
                        + "; the operator's plans need other ids");
            }
        }
        if (!taken.isEmpty()) {
            throw new DeckRejectedException(taken);
        }
        Set<String> defined = new HashSet<>();
        operators.planRows().forEach(row -> defined.add(row.plan()));
        List<SellPlan> kept = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (SellPlan sell : sellPlans) {
                if (!defined.contains(sell.planId()) && defined.contains(sell.parentId())) {
                    defined.add(sell.planId());
                    kept.add(sell);
                    grew = true;
                }
            }
        }
        return kept;
    }

    /**
     * The canonical tables with the given sell plans' rows in place of any rows of the same plans.
     *
     * @param base the deck the tables are of; the buy plans' settings are read from it (or from a plan added here)
     */
    static Map<String, String> with(Map<String, String> canonical, RateDeck base, List<SellPlan> added) {
        Map<String, SellPlan> byId = new HashMap<>();
        added.forEach(sell -> byId.put(sell.planId(), sell));
        List<List<String>> planRows = keep(canonical.get(DeckCsv.PLANS), byId.keySet());
        List<List<String>> markupRows = keep(canonical.get(MARKUPS), byId.keySet());
        for (SellPlan sell : added) {
            PlanRow parent = settingsOf(sell.parentId(), base, byId, 0);
            if (parent == null) {
                throw new DeckRejectedException(List.of("plans.csv: plan " + sell.planId() + " marks up " + sell.parentId()
                        + ", which the deck does not define"));
            }
            planRows.add(List.of(sell.planId(), sell.parentId(), parent.zone().getId(),
                    Integer.toString(parent.precision().decimals()), parent.crossing().name(), parent.rounding().name(),
                    parent.scope().name(), Long.toString(parent.maxGrantSeconds())));
            for (SellPlan.Markup markup : sell.markups()) {
                markupRows.add(List.of(sell.planId(), markup.group(), markup.percent().toPlainString(),
                        markup.fixed().toPlainString()));
            }
        }
        Map<String, String> tables = new HashMap<>(canonical);
        tables.put(DeckCsv.PLANS, text(planRows));
        tables.put(MARKUPS, text(markupRows));
        return tables;
    }

    /** A plan's settings: its own row in the base deck, or, for a sell plan added here, its buy plan's. */
    private static PlanRow settingsOf(String planId, RateDeck base, Map<String, SellPlan> added, int depth) {
        SellPlan sell = added.get(planId);
        if (sell != null) {
            return depth > 16 ? null : settingsOf(sell.parentId(), base, added, depth + 1);
        }
        return base.plan(planId) == null ? null : base.plan(planId).settings();
    }

    /** The table's records (header first) except the rows of the given plans. */
    private static List<List<String>> keep(String text, Set<String> dropped) {
        List<List<String>> rows = new ArrayList<>();
        List<Csv.Record> records = Csv.parse(text == null ? "plan,group,percent,fixed\r\n" : text);
        for (int i = 0; i < records.size(); i++) {
            List<String> fields = records.get(i).fields();
            if (i == 0 || fields.isEmpty() || !dropped.contains(fields.get(0))) {
                rows.add(new ArrayList<>(fields));
            }
        }
        return rows;
    }

    private static String text(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        rows.forEach(row -> Csv.write(out, row));
        return out.toString();
    }
}
