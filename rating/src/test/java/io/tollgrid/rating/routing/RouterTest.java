package io.tollgrid.rating.routing;

import io.tollgrid.money.Money;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-checked examples on one small deck. At 60 s (the plans' margin seconds) a UK call sells for
 * 0.10 and a UK mobile for 0.20; carrier a buys UK at 0.05, b at 0.04 + 0.01 connect fee (also 0.05),
 * c at 0.12 (above the sell price), e at 0.06; d blocks UK but buys UK mobile at 0.12, a buys it at 0.15.
 */
class RouterTest {
    static final String PLANS = """
            plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds
            retail,,UTC,6,SPLIT,UP,CALL,14400
            buy-a,,UTC,6,SPLIT,UP,CALL,14400
            buy-b,,UTC,6,SPLIT,UP,CALL,14400
            buy-c,,UTC,6,SPLIT,UP,CALL,14400
            buy-d,,UTC,6,SPLIT,UP,CALL,14400
            buy-e,,UTC,6,SPLIT,UP,CALL,14400
            """;
    static final String RATES = """
            plan,prefix,description,group,band,blocked,unit,price,connect_fee,initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority
            retail,44,UK,UK,*,false,MINUTE,0.10,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            retail,4477,UK mobile,UKM,*,false,MINUTE,0.20,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-a,44,UK,UK,*,false,MINUTE,0.05,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-a,4477,UK mobile,UKM,*,false,MINUTE,0.15,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-b,44,UK,UK,*,false,MINUTE,0.04,0.01,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-c,44,UK,UK,*,false,MINUTE,0.12,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-d,44,UK,UK,*,true,,,,,,,,2025-01-01T00:00:00Z,,0
            buy-d,4477,UK mobile,UKM,*,false,MINUTE,0.12,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            buy-e,44,UK,UK,*,false,MINUTE,0.06,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            """;
    static final String NORMALISATION = """
            source,strip_prefix,international_prefix,national_prefix,country_code
            *,,00,0,44
            """;
    static final long START = Instant.parse("2026-06-01T10:00:00Z").getEpochSecond();
    static final String UK = "02071234567";
    static final String UK_MOBILE = "00447700900123";

    static RateDeck deck() {
        Map<String, String> tables = new HashMap<>();
        tables.put("plans.csv", PLANS);
        tables.put("rates.csv", RATES);
        tables.put("normalisation.csv", NORMALISATION);
        return DeckCsv.read(1, tables);
    }

    static final RateDeck DECK = deck();

    static Carrier carrier(String id, String buyPlan, CarrierStatus status, SipGateway... gateways) {
        return new Carrier(id, "Carrier " + id, status, buyPlan, List.of(gateways), new CarrierLimits(100, 10));
    }

    static SipGateway udp(String address) {
        return new SipGateway(address, Transport.UDP, "", "");
    }

    static final Map<String, Carrier> CARRIERS = Map.of(
            "a", carrier("a", "buy-a", CarrierStatus.ACTIVE, udp("10.0.0.1"), udp("10.0.0.2:5070")),
            "b", carrier("b", "buy-b", CarrierStatus.ACTIVE, new SipGateway("gw.b.example:5080", Transport.TCP, "44", "0")),
            "c", carrier("c", "buy-c", CarrierStatus.ACTIVE, udp("10.0.3.1")),
            "d", carrier("d", "buy-d", CarrierStatus.ACTIVE, new SipGateway("10.0.4.1", Transport.TLS, "", "9901#")),
            "e", carrier("e", "buy-e", CarrierStatus.ACTIVE, udp("10.0.5.1")),
            "x", carrier("x", "buy-a", CarrierStatus.BLOCKED, udp("10.0.9.1")),
            "nobuy", carrier("nobuy", "no-such-plan", CarrierStatus.ACTIVE, udp("10.0.9.2")));

    static RoutePlan plan(Strategy strategy, List<RouteEntry> entries) {
        return new RoutePlan("p1", strategy, entries, List.of(), Set.of(), false, 60, null);
    }

    static RouteRequest request(String callee, long seed) {
        RatePlan retail = DECK.plan("retail");
        return new RouteRequest("*", callee, START, seconds -> retail.costOf("*", callee, START, seconds), seed);
    }

    static RouteList route(RoutePlan plan, String callee) {
        return new Router(CARRIERS, DECK, QualityStats.NONE).route(plan, request(callee, 1));
    }

    static List<String> carriersOf(RouteList list) {
        return list.routes().stream().map(Route::carrierId).distinct().toList();
    }

    @Test
    void leastCostOrdersByBuyCostBreaksTiesByPriorityAndDropsANegativeMargin() {
        RouteList list = route(plan(Strategy.LEAST_COST, List.of(
                new RouteEntry("e", 0, 1), new RouteEntry("a", 0, 1), new RouteEntry("c", 0, 1), new RouteEntry("b", 5, 1))), UK);

        // a and b both cost 0.05 for 60 s; b has the higher priority. e costs 0.06; c (0.12) is above the 0.10 sell.
        assertEquals(List.of("b", "a", "e"), carriersOf(list));
        assertEquals(List.of(new Skipped("c", SkipReason.NEGATIVE_MARGIN)), list.skipped());
        assertEquals("442071234567", list.e164());
        Route first = list.routes().get(0);
        assertEquals(Money.parse("0.05"), first.buyCost());
        assertEquals(Money.parse("0.10"), first.sellCost());
        assertEquals(Money.parse("0.05"), first.margin());
        assertEquals("44", first.buyPrefix());
        assertEquals(Money.parse("0.04"), list.routes().get(3).margin());
    }

    @Test
    void equalCostAndPriorityFallBackToCarrierId() {
        RouteList list = route(plan(Strategy.LEAST_COST, List.of(new RouteEntry("b", 0, 1), new RouteEntry("a", 0, 1))), UK);

        assertEquals(List.of("a", "b"), carriersOf(list));
    }

    @Test
    void gatewaysFollowTheirCarrierWithPrefixRulesApplied() {
        RouteList list = route(plan(Strategy.PRIORITY, List.of(new RouteEntry("a", 1, 1), new RouteEntry("b", 2, 1))), UK);

        assertEquals(List.of(
                "sip:02071234567@gw.b.example:5080;transport=tcp",
                "sip:442071234567@10.0.0.1;transport=udp",
                "sip:442071234567@10.0.0.2:5070;transport=udp"), list.routes().stream().map(Route::gatewayUri).toList());
    }

    @Test
    void priorityOrdersByPriorityThenCost() {
        RouteList list = route(plan(Strategy.PRIORITY, List.of(
                new RouteEntry("e", 9, 1), new RouteEntry("a", 3, 1), new RouteEntry("b", 3, 1))), UK);

        // e is dearer but first by priority; a and b tie on priority and cost, so by id.
        assertEquals(List.of("e", "a", "b"), carriersOf(list));
    }

    @Test
    void blockedCarriersAreSkippedWhetherBlockedByStatusOrByThePlan() {
        RoutePlan plan = new RoutePlan("p1", Strategy.LEAST_COST, List.of(new RouteEntry("x", 0, 1),
                new RouteEntry("a", 0, 1), new RouteEntry("e", 0, 1), new RouteEntry("ghost", 0, 1),
                new RouteEntry("nobuy", 0, 1)), List.of(), Set.of("a"), false, 60, null);

        RouteList list = route(plan, UK);

        assertEquals(List.of("e"), carriersOf(list));
        assertEquals(List.of(new Skipped("x", SkipReason.CARRIER_BLOCKED), new Skipped("a", SkipReason.BLOCKED_BY_PLAN),
                new Skipped("ghost", SkipReason.UNKNOWN_CARRIER), new Skipped("nobuy", SkipReason.NO_BUY_PLAN)), list.skipped());
    }

    @Test
    void aCarrierWhoseBuyPlanBlocksOrCannotRateTheDestinationIsSkipped() {
        RouteList blocked = route(plan(Strategy.LEAST_COST, List.of(new RouteEntry("d", 0, 1), new RouteEntry("a", 0, 1))), UK);
        RouteList unrated = route(plan(Strategy.LEAST_COST, List.of(new RouteEntry("a", 0, 1))), "0033123456");

        assertEquals(List.of(new Skipped("d", SkipReason.BUY_DESTINATION_BLOCKED)), blocked.skipped());
        assertEquals(List.of(new Skipped("a", SkipReason.NO_BUY_RATE)), unrated.skipped());
        assertTrue(unrated.routes().isEmpty());
    }

    @Test
    void aNegativeMarginIsOfferedLastOnlyWhenThePlanAllowsIt() {
        RoutePlan plan = new RoutePlan("p1", Strategy.LEAST_COST, List.of(new RouteEntry("c", 0, 1), new RouteEntry("a", 0, 1)),
                List.of(), Set.of(), true, 60, null);

        RouteList list = route(plan, UK);

        assertEquals(List.of("a", "c"), carriersOf(list));
        assertEquals(Money.parse("-0.02"), list.routes().get(2).margin());
        assertTrue(list.skipped().isEmpty());
    }

    @Test
    void marginIsComparedAtThePlansCallLength() {
        // At 60 s a and b tie (0.05); at 180 s b's connect fee is spread thinner: sell 0.30, b 0.04 x 3 + 0.01 = 0.13,
        // a 0.15, so b comes first although a has the higher priority.
        RoutePlan plan = new RoutePlan("p1", Strategy.LEAST_COST, List.of(new RouteEntry("a", 9, 1), new RouteEntry("b", 0, 1)),
                List.of(), Set.of(), false, 180, null);

        RouteList list = route(plan, UK);

        assertEquals(List.of("b", "a"), carriersOf(list));
        assertEquals(Money.parse("0.13"), list.routes().get(0).buyCost());
        assertEquals(Money.parse("0.17"), list.routes().get(0).margin());
        assertEquals(180, list.marginSeconds());
    }

    @Test
    void theLongestMatchingOverrideReplacesStrategyAndCarriers() {
        RoutePlan plan = new RoutePlan("p1", Strategy.LEAST_COST, List.of(new RouteEntry("a", 0, 1), new RouteEntry("b", 0, 1)),
                List.of(new DestinationOverride("44", Strategy.LEAST_COST, List.of(new RouteEntry("e", 0, 1))),
                        new DestinationOverride("4477", Strategy.PRIORITY, List.of(new RouteEntry("a", 1, 1), new RouteEntry("d", 2, 1)))),
                Set.of(), false, 60, null);

        RouteList mobile = route(plan, UK_MOBILE);
        RouteList fixed = route(plan, UK);

        // UK mobile sells for 0.20: d buys at 0.12 with priority 2, a at 0.15 with priority 1.
        assertEquals("4477", mobile.overridePrefix());
        assertEquals(Strategy.PRIORITY, mobile.strategy());
        assertEquals(List.of("d", "a"), carriersOf(mobile));
        assertEquals("sip:9901#447700900123@10.0.4.1;transport=tls", mobile.routes().get(0).gatewayUri());
        assertEquals(Money.parse("0.08"), mobile.routes().get(0).margin());
        assertEquals("44", fixed.overridePrefix());
        assertEquals(List.of("e"), carriersOf(fixed));
    }

    @Test
    void noOverrideMeansThePlansOwnCarriers() {
        RouteList list = route(plan(Strategy.LEAST_COST, List.of(new RouteEntry("a", 0, 1))), UK);

        assertNull(list.overridePrefix());
        assertEquals(Strategy.LEAST_COST, list.strategy());
    }

    @Test
    void weightsShareTheFirstRouteInProportionWithAFixedSeed() {
        RoutePlan plan = plan(Strategy.WEIGHT, List.of(new RouteEntry("a", 0, 3), new RouteEntry("e", 0, 1),
                new RouteEntry("b", 0, 0)));
        Router router = new Router(CARRIERS, DECK, QualityStats.NONE);
        Map<String, Integer> firsts = new HashMap<>();
        for (long seed = 0; seed < 10_000; seed++) {
            RouteList list = router.route(plan, request(UK, seed));
            List<String> order = carriersOf(list);
            firsts.merge(order.get(0), 1, Integer::sum);
            assertEquals("b", order.get(2), "weight 0 goes last");
        }
        // 3:1 gives a 7,500 of 10,000 firsts; the binomial spread is about 43, so 7,300..7,700 is > 4 sigma.
        int a = firsts.getOrDefault("a", 0);
        assertTrue(a > 7_300 && a < 7_700, "a first " + a + " times");
        assertEquals(10_000, a + firsts.getOrDefault("e", 0));
    }

    @Test
    void theSameSeedGivesTheSameOrder() {
        RoutePlan plan = plan(Strategy.WEIGHT, List.of(new RouteEntry("a", 0, 1), new RouteEntry("b", 0, 1),
                new RouteEntry("e", 0, 1)));
        Router router = new Router(CARRIERS, DECK, QualityStats.NONE);
        List<List<String>> orders = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            List<String> order = carriersOf(router.route(plan, request(UK, seed)));
            assertEquals(order, carriersOf(router.route(plan, request(UK, seed))));
            orders.add(order);
        }
        assertTrue(orders.stream().distinct().count() > 1, "different seeds give different orders");
    }

    @Test
    void qualitySkipsACarrierBelowTheThresholdOnceItHasEnoughCalls() {
        QualityThreshold threshold = new QualityThreshold(Fraction.parse("0.5"), Fraction.parse("30"), 4);
        Map<String, QualityWindow> windows = new HashMap<>();
        // a: ASR 1/4 is below 0.5.
        windows.put("a", window(CallOutcome.answered(100), CallOutcome.UNANSWERED, CallOutcome.UNANSWERED, CallOutcome.UNANSWERED));
        // b: ASR 2/4 and ACD (40 + 20) / 2 = 30, exactly at the threshold: kept.
        windows.put("b", window(CallOutcome.answered(40), CallOutcome.UNANSWERED, CallOutcome.answered(20), CallOutcome.UNANSWERED));
        // e: three failures, fewer than the 4 needed to judge it: kept.
        windows.put("e", window(CallOutcome.UNANSWERED, CallOutcome.UNANSWERED, CallOutcome.UNANSWERED));
        QualityStats stats = (carrier, prefix) -> "44".equals(prefix) ? windows.get(carrier) : null;
        RoutePlan plan = new RoutePlan("p1", Strategy.QUALITY, List.of(new RouteEntry("a", 0, 1), new RouteEntry("b", 0, 1),
                new RouteEntry("e", 0, 1)), List.of(), Set.of(), false, 60, threshold);

        RouteList list = new Router(CARRIERS, DECK, stats).route(plan, request(UK, 1));

        assertEquals(List.of("b", "e"), carriersOf(list));
        assertEquals(List.of(new Skipped("a", SkipReason.QUALITY_BELOW_THRESHOLD)), list.skipped());
    }

    @Test
    void qualityIsOnlyConsultedByQualityPlans() {
        QualityStats terrible = (carrier, prefix) -> window(CallOutcome.UNANSWERED, CallOutcome.UNANSWERED,
                CallOutcome.UNANSWERED, CallOutcome.UNANSWERED);

        RouteList list = new Router(CARRIERS, DECK, terrible).route(plan(Strategy.LEAST_COST,
                List.of(new RouteEntry("a", 0, 1))), request(UK, 1));

        assertEquals(List.of("a"), carriersOf(list));
    }

    @Test
    void aCalleeThatIsNotANumberIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> route(plan(Strategy.LEAST_COST, List.of(new RouteEntry("a", 0, 1))), "sip:alice"));
    }

    @Test
    void plansRefuseWhatCannotBeRouted() {
        List<RouteEntry> one = List.of(new RouteEntry("a", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoutePlan("p1", Strategy.QUALITY, one, List.of(), Set.of(), false, 60, null));
        assertThrows(IllegalArgumentException.class, () -> new RoutePlan("p1", Strategy.LEAST_COST,
                List.of(new RouteEntry("a", 0, 1), new RouteEntry("a", 1, 1)), List.of(), Set.of(), false, 60, null));
        assertThrows(IllegalArgumentException.class, () -> new RoutePlan("p1", Strategy.LEAST_COST, List.of(), List.of(), Set.of(), false, 60, null));
        assertThrows(IllegalArgumentException.class, () -> new RoutePlan("p1", Strategy.LEAST_COST, one, List.of(), Set.of(), false, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new RoutePlan("p1", Strategy.LEAST_COST, one,
                List.of(new DestinationOverride("44", Strategy.PRIORITY, one), new DestinationOverride("44", Strategy.PRIORITY, one)),
                Set.of(), false, 60, null));
        assertThrows(IllegalArgumentException.class, () -> new SipGateway("10.0.0.1; evil", Transport.UDP, "", ""));
        assertThrows(IllegalArgumentException.class, () -> new SipGateway("10.0.0.1", Transport.UDP, "4a", ""));
        assertThrows(IllegalArgumentException.class, () -> new Carrier("a", "A", CarrierStatus.ACTIVE, "buy-a", List.of(), CarrierLimits.NONE));
        assertThrows(IllegalArgumentException.class, () -> new CarrierLimits(-1, 0));
    }

    @Test
    void aGatewayStripsOnlyAPrefixTheNumberStartsWith() {
        SipGateway gateway = new SipGateway("[2001:db8::1]:5060", Transport.UDP, "44", "+");

        assertEquals("+2071234567", gateway.dialled("442071234567"));
        assertEquals("+3592123", gateway.dialled("3592123"));
        assertEquals("sip:+3592123@[2001:db8::1]:5060;transport=udp", gateway.uri("3592123"));
    }

    static QualityWindow window(CallOutcome... outcomes) {
        QualityWindow window = QualityWindow.empty(QualityWindow.DEFAULT_CAPACITY);
        for (CallOutcome outcome : outcomes) {
            window = window.with(outcome);
        }
        return window;
    }
}
