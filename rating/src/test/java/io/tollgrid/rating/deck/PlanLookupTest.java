package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import io.tollgrid.rating.CallType;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.discount.DiscountPackage;
import io.tollgrid.rating.discount.PeriodUsage;
import io.tollgrid.rating.discount.VolumeBasis;
import io.tollgrid.rating.discount.VolumeTier;
import io.tollgrid.rating.prefix.CallTypeRow;
import io.tollgrid.rating.prefix.DialRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.tollgrid.rating.deck.Decks.WEDNESDAY_NOON;
import static io.tollgrid.rating.deck.Decks.blocked;
import static io.tollgrid.rating.deck.Decks.child;
import static io.tollgrid.rating.deck.Decks.micros;
import static io.tollgrid.rating.deck.Decks.perMinute;
import static io.tollgrid.rating.deck.Decks.plan;
import static io.tollgrid.rating.deck.Decks.rate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanLookupTest {
    private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant APR = Instant.parse("2025-04-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2025-06-01T00:00:00Z");

    private static long at(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    private static String price(Rate rate) {
        return rate.tariffsByBand().get("*").price().toPlainString();
    }

    @Test
    void longestPrefixWins() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .rate(rate("p", "3", perMinute("1", "0", 60, 60)), "a")
                .rate(rate("p", "359", perMinute("0.10", "0", 60, 60)), "b")
                .rate(rate("p", "3598", perMinute("0.20", "0", 60, 60)), "c")
                .rate(rate("p", "35988", perMinute("0.25", "0", 60, 60)), "d")
                .build();
        RatePlan plan = deck.plan("p");
        assertEquals("35988", plan.find("x", "359888123456", WEDNESDAY_NOON).prefix());
        assertEquals("3598", plan.find("x", "359871234", WEDNESDAY_NOON).prefix());
        assertEquals("359", plan.find("x", "35921234", WEDNESDAY_NOON).prefix());
        assertEquals("3", plan.find("x", "33123", WEDNESDAY_NOON).prefix());
        assertEquals("3598", plan.find("x", "3598", WEDNESDAY_NOON).prefix());
        assertEquals(RatingVerdict.RATING_FAILED, plan.find("x", "44123", WEDNESDAY_NOON).verdict());
        assertEquals(RatingVerdict.RATING_FAILED, plan.find("x", "35a9", WEDNESDAY_NOON).verdict());
        assertEquals(RatingVerdict.RATING_FAILED, plan.find("x", "", WEDNESDAY_NOON).verdict());
    }

    @Test
    void effectiveDatesPriorityThenNewest() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .rate(rate("p", "359", "G", perMinute("0.10", "0", 60, 60), JAN, null, 0), "a")
                .rate(rate("p", "359", "G", perMinute("0.08", "0", 60, 60), JUN, null, 0), "b")
                .rate(rate("p", "359", "G", perMinute("0.50", "0", 60, 60), MAR, APR, 5), "c")
                .rate(rate("p", "3598", "G", perMinute("0.20", "0", 60, 60), JUN, null, 0), "d")
                .build();
        RatePlan plan = deck.plan("p");
        assertEquals("0.100000", price(plan.find("x", "3592", at("2025-02-01T00:00:00Z"))));
        assertEquals("0.500000", price(plan.find("x", "3592", at("2025-03-15T00:00:00Z"))));
        assertEquals("0.100000", price(plan.find("x", "3592", at("2025-04-01T00:00:00Z")))); // to is exclusive
        assertEquals("0.080000", price(plan.find("x", "3592", at("2025-07-01T00:00:00Z"))));
        // the longer prefix is not yet in force, so the shorter one rates the call
        assertEquals("359", plan.find("x", "35988", at("2025-02-01T00:00:00Z")).prefix());
        assertEquals("3598", plan.find("x", "35988", at("2025-06-01T00:00:00Z")).prefix());
        assertEquals(RatingVerdict.RATING_FAILED, plan.find("x", "3592", at("2024-12-31T23:59:59Z")).verdict());
    }

    @Test
    void twoRatesWithTheSamePrefixStartAndPriorityAreAmbiguous() {
        DeckBuilder builder = new DeckBuilder(1).plan(plan("p"), "plans")
                .rate(rate("p", "359", "G", perMinute("0.10", "0", 60, 60), JAN, null, 0), "rates.csv line 2")
                .rate(rate("p", "359", "G", perMinute("0.20", "0", 60, 60), JAN, null, 0), "rates.csv line 3");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, builder::build);
        assertTrue(e.errors().get(0).startsWith("rates.csv line 3 column band: a second row for band * of prefix 359"),
                e.errors().get(0));
    }

    @Test
    void blockedDestinationsDenyAndOverrideShorterPrefixes() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .rate(rate("p", "359", perMinute("0.10", "0", 60, 60)), "a")
                .rate(blocked("p", "359900"), "b")
                .build();
        Quote quote = deck.quote("p", "x", "359900123", Instant.ofEpochSecond(WEDNESDAY_NOON));
        assertEquals(RatingVerdict.DESTINATION_BLOCKED, quote.verdict());
        assertFalse(quote.isRated());
        assertThrows(IllegalStateException.class, () -> quote.cost(10));
        assertTrue(deck.quote("p", "x", "359901", Instant.ofEpochSecond(WEDNESDAY_NOON)).isRated());
    }

    @Test
    void normalisationPerSourceStripsAccessCodesAndAddsTheCountryCode() {
        DialRule pbx = new DialRule("pbx-1", "9", "00", "0", "359");
        DialRule carrier = new DialRule("carrier", "", "", "", "");
        DialRule fallback = new DialRule("*", "", "00", "0", "44");
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .dialRule(pbx, "a").dialRule(carrier, "b").dialRule(fallback, "c").build();
        assertEquals("359888123456", deck.normalise("pbx-1", "90888123456"));
        assertEquals("441234567", deck.normalise("pbx-1", "900441234567"));
        assertEquals("359888123456", deck.normalise("pbx-1", "0888123456"));
        assertEquals("359888123456", deck.normalise("pbx-1", "+359888123456"));
        assertEquals("0888123456", deck.normalise("carrier", "0888123456"));
        assertEquals("442071234567", deck.normalise("unknown-trunk", "02071234567"));
        assertEquals("", deck.normalise("pbx-1", "9*21#"));
    }

    @Test
    void callTypeComesFromConfiguredPrefixSets() {
        DeckBuilder builder = new DeckBuilder(1).plan(plan("p"), "plans")
                .dialRule(new DialRule("*", "", "00", "0", "359"), "n");
        for (Object[] row : new Object[][] {{"*", CallType.INTERNATIONAL}, {"359", CallType.NATIONAL},
                {"3592", CallType.LOCAL}, {"3598", CallType.MOBILE}, {"3598000", CallType.FREE},
                {"359900", CallType.PREMIUM}, {"112", CallType.EMERGENCY}}) {
            builder.callType(new CallTypeRow((String) row[0], (CallType) row[1]), "t");
        }
        RateDeck deck = builder.build();
        assertEquals(CallType.LOCAL, deck.callType("s", "021234567"));
        assertEquals(CallType.NATIONAL, deck.callType("s", "056123456"));
        assertEquals(CallType.MOBILE, deck.callType("s", "0888123456"));
        assertEquals(CallType.FREE, deck.callType("s", "08000123"));
        assertEquals(CallType.PREMIUM, deck.callType("s", "0900123"));
        assertEquals(CallType.EMERGENCY, deck.callType("s", "112"));
        assertEquals(CallType.INTERNATIONAL, deck.callType("s", "0044207"));
        CallType withoutDefault = new DeckBuilder(1).plan(plan("p"), "plans").build().callType("s", "44");
        assertEquals(CallType.INTERNATIONAL, withoutDefault);
    }

    @Test
    void childPlanOverridesEntriesAndInheritsTheRestWithMarkupPerGroup() {
        RateDeck deck = new DeckBuilder(1)
                .plan(plan("wholesale"), "plans").plan(child("reseller", "wholesale"), "plans")
                .rate(rate("wholesale", "359", "BG", perMinute("0.10", "0.02", 60, 60), JAN, null, 0), "a")
                .rate(rate("wholesale", "3598", "BG-MOBILE", perMinute("0.20", "0", 60, 60), JAN, null, 0), "b")
                .rate(rate("wholesale", "44", "UK", perMinute("0.05", "0", 60, 60), JAN, null, 0), "c")
                .rate(rate("reseller", "44", "UK", perMinute("0.30", "0", 60, 60), JAN, null, 0), "d")
                .markup(new MarkupRow("reseller", "BG-MOBILE", Percentage.parse("10"), Money.parse("0.01")), "m1")
                .markup(new MarkupRow("reseller", "*", Percentage.parse("5"), Money.ZERO), "m2")
                .build();
        RatePlan reseller = deck.plan("reseller");
        Rate mobile = reseller.find("x", "35988", WEDNESDAY_NOON);
        assertTrue(mobile.isInherited());
        assertEquals("0.230000", price(mobile));                  // 0.20 + 10% + 0.01
        Rate fixed = reseller.find("x", "3592", WEDNESDAY_NOON);
        assertEquals("0.105000", price(fixed));                   // 0.10 + 5%
        assertEquals(Money.parse("0.021"), fixed.tariffsByBand().get("*").connectFee());
        Rate own = reseller.find("x", "441", WEDNESDAY_NOON);
        assertFalse(own.isInherited());
        assertEquals("0.300000", price(own));
        assertEquals("0.100000", price(deck.plan("wholesale").find("x", "3592", WEDNESDAY_NOON)));
        assertEquals(3, reseller.prefixCount());
    }

    @Test
    void inheritanceCyclesAndUnknownParentsAreRejected() {
        DeckRejectedException cycle = assertThrows(DeckRejectedException.class, () -> new DeckBuilder(1)
                .plan(child("a", "b"), "plans.csv line 2").plan(child("b", "a"), "plans.csv line 3").build());
        assertTrue(cycle.errors().get(0).contains("column parent: plan inheritance forms a cycle"), cycle.getMessage());
        DeckRejectedException unknown = assertThrows(DeckRejectedException.class, () -> new DeckBuilder(1)
                .plan(child("a", "zzz"), "plans.csv line 2").build());
        assertEquals("plans.csv line 2 column parent: unknown parent plan zzz", unknown.errors().get(0));
    }

    @Test
    void volumeTierThenPackagesComeOffTheCostRoundedDown() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .rate(rate("p", "359", "BG", perMinute("0.10", "0", 60, 60), JAN, null, 0), "a")
                .volumeTier(new VolumeTier("p", CallType.NATIONAL, VolumeBasis.MINUTES, 100, Percentage.parse("10")), "v1")
                .volumeTier(new VolumeTier("p", CallType.NATIONAL, VolumeBasis.MINUTES, 1000, Percentage.parse("20")), "v2")
                .discountPackage(new DiscountPackage("family", Optional.empty(), Optional.of("BG"),
                        Percentage.parse("5")), "d1")
                .discountPackage(new DiscountPackage("mobile-only", Optional.of(CallType.MOBILE), Optional.empty(),
                        Percentage.parse("50")), "d2")
                .build();
        Rate rate = deck.plan("p").find("x", "3592", WEDNESDAY_NOON);
        long cost = micros("10.00");
        assertEquals(micros("10.00"), deck.discountedCost(rate, CallType.NATIONAL, cost,
                new PeriodUsage(99 * 60 + 59, 0), List.of()));
        assertEquals(micros("9.00"), deck.discountedCost(rate, CallType.NATIONAL, cost,
                new PeriodUsage(100 * 60, 0), List.of()));
        assertEquals(micros("8.00"), deck.discountedCost(rate, CallType.NATIONAL, cost,
                new PeriodUsage(5000 * 60, 0), List.of()));
        // 9.00 after the tier, then 5% = 0.45 -> 8.55; the mobile package does not apply to a national call
        assertEquals(micros("8.55"), deck.discountedCost(rate, CallType.NATIONAL, cost,
                new PeriodUsage(100 * 60, 0), List.of("family", "mobile-only")));
        // 0.33 - 5% = 0.3135 -> discount 0.0165 rounds down to 0.01 -> 0.32
        assertEquals(micros("0.32"), deck.discountedCost(rate, CallType.NATIONAL, micros("0.33"),
                PeriodUsage.NONE, List.of("family")));
        assertThrows(IllegalArgumentException.class, () -> deck.discountedCost(rate, CallType.NATIONAL, cost,
                PeriodUsage.NONE, List.of("nope")));
    }

    @Test
    void spendTiersCountMicros() {
        RateDeck deck = new DeckBuilder(1).plan(plan("p"), "plans")
                .volumeTier(new VolumeTier("p", CallType.MOBILE, VolumeBasis.SPEND, micros("50"), Percentage.parse("3")), "v")
                .build();
        assertEquals(Percentage.ZERO, deck.plan("p").discounts().volumeDiscount(CallType.MOBILE,
                new PeriodUsage(0, micros("49.99"))));
        assertEquals(Percentage.parse("3"), deck.plan("p").discounts().volumeDiscount(CallType.MOBILE,
                new PeriodUsage(0, micros("50"))));
        assertEquals(Percentage.ZERO, deck.plan("p").discounts().volumeDiscount(CallType.NATIONAL,
                new PeriodUsage(0, micros("500"))));
    }

    @Test
    void currentDeckOnlyMovesForward() {
        RateDeck v1 = new DeckBuilder(1).plan(plan("p"), "plans").build();
        RateDeck v2 = new DeckBuilder(2).plan(plan("p"), "plans").build();
        CurrentDeck current = new CurrentDeck(v1);
        assertTrue(current.swap(v2));
        assertFalse(current.swap(v1));
        assertEquals(2, current.get().version());
    }
}
