package io.tollgrid.grid.rateplan;

import java.util.HashMap;
import java.util.Map;

/**
 * Deck tables for the grid tests. Every deck carries the same "deck-retail" plan, so a test that uploads a
 * new version for its own plan leaves the prices other tests rely on as they were.
 */
public final class TestDecks {
    public static final String PLANS_HEADER =
            "plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds\n";
    public static final String RATES_HEADER = "plan,prefix,description,group,band,blocked,unit,price,connect_fee,"
            + "initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n";
    /** 44: 0.03/min, fee 0.01; 4420 (London): 0.024/min, fee 0.005; both 30/6. 359900 is blocked. */
    public static final String RETAIL_PLAN = "deck-retail,,UTC,6,START,UP,CALL,14400\n";
    public static final String RETAIL_RATES = ""
            + "deck-retail,44,United Kingdom,UK,*,false,MINUTE,0.03,0.01,30,6,0,0,2020-01-01T00:00:00Z,,0\n"
            + "deck-retail,4420,London,UK,*,false,MINUTE,0.024,0.005,30,6,0,0,2020-01-01T00:00:00Z,,0\n"
            + "deck-retail,359900,Premium,BG,*,true,,,,,,,,2020-01-01T00:00:00Z,,0\n";

    private TestDecks() {
    }

    /** The retail plan plus the given plan and rate rows (without headers). */
    public static Map<String, String> with(String plans, String rates) {
        Map<String, String> tables = new HashMap<>();
        tables.put("plans.csv", PLANS_HEADER + RETAIL_PLAN + plans);
        tables.put("rates.csv", RATES_HEADER + RETAIL_RATES + rates);
        return tables;
    }

    /** One plan with one per-minute rate on a prefix, 30/6. */
    public static Map<String, String> withPlan(String plan, String prefix, String pricePerMinute, String connectFee) {
        return with(plan + ",,UTC,6,START,UP,CALL,14400\n",
                plan + "," + prefix + ",Somewhere,G,*,false,MINUTE," + pricePerMinute + "," + connectFee
                        + ",30,6,0,0,2020-01-01T00:00:00Z,,0\n");
    }
}
