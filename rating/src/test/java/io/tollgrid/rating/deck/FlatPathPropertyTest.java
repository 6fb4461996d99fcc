package io.tollgrid.rating.deck;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.bands.BandCrossing;
import io.tollgrid.rating.bands.BandRow;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link RatePlan#costOf} and {@link RatePlan#maxDurationOf} skip {@link RatePlan#find} when a prefix has
 * a single rated candidate; over random decks (effective windows, priorities, blocked prefixes, bands,
 * inheritance with markup) and calls they must answer exactly what find and the rate it returns answer.
 * The deck is drawn from the seed so that one failing seed reproduces the whole deck.
 */
class FlatPathPropertyTest {
    private static final long FROM = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final long SPAN = 2L * 365 * 86_400;
    private static final String DIGITS = "0123";

    @Property(tries = 200)
    void costOfAndMaxDurationOfAnswerWhatFindAnswers(@ForAll long seed) {
        Random random = new Random(seed);
        RateDeck deck = randomDeck(random);
        for (String planId : new String[] {"parent", "child"}) {
            RatePlan plan = deck.plan(planId);
            for (int call = 0; call < 200; call++) {
                String dialled = digits(random, 1 + random.nextInt(7));
                long start = FROM - 86_400 + (long) (random.nextDouble() * (SPAN + 2 * 86_400));
                long duration = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(7_200);
                long funds = random.nextInt(5) == 0 ? random.nextInt(100) : random.nextInt(50_000_000);
                Rate rate = plan.find("s", dialled, start);
                String what = planId + " " + dialled + " at " + Instant.ofEpochSecond(start) + " (seed " + seed + ")";
                assertEquals(rate.isRated() ? rate.cost(start, duration) : RatePlan.NOT_RATED,
                        plan.costOf("s", dialled, start, duration), "cost of " + duration + " s, " + what);
                assertEquals(rate.isRated() ? rate.maxDurationSeconds(start, funds) : RatePlan.NOT_RATED,
                        plan.maxDurationOf("s", dialled, start, funds), "max duration for " + funds + ", " + what);
            }
        }
    }

    /** Batches of every size, half full or full, with numbers that cannot be rated among the rest. */
    @Property(tries = 200)
    void costsOfAnswersWhatCostOfAnswersForEveryCallInTheBatch(@ForAll long seed) {
        Random random = new Random(seed);
        RateDeck deck = randomDeck(random);
        CallBatch batch = new CallBatch(1 + random.nextInt(40));
        for (String planId : new String[] {"parent", "child"}) {
            RatePlan plan = deck.plan(planId);
            for (int round = 0; round < 10; round++) {
                batch.clear();
                int calls = random.nextBoolean() ? batch.capacity() : 1 + random.nextInt(batch.capacity());
                long[] expected = new long[calls];
                String[] what = new String[calls];
                for (int call = 0; call < calls; call++) {
                    String dialled = switch (random.nextInt(10)) {
                        case 0 -> "";
                        case 1 -> digits(random, 2) + "x";
                        default -> digits(random, 1 + random.nextInt(7));
                    };
                    long start = FROM - 86_400 + (long) (random.nextDouble() * (SPAN + 2 * 86_400));
                    long duration = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(7_200);
                    expected[call] = plan.costOf("s", dialled, start, duration);
                    what[call] = planId + " '" + dialled + "' at " + Instant.ofEpochSecond(start) + " for "
                            + duration + " s (seed " + seed + ")";
                    assertEquals(call, batch.add("s", dialled, start, duration));
                }
                plan.costsOf(batch);
                for (int call = 0; call < calls; call++) {
                    assertEquals(expected[call], batch.costAt(call), what[call]);
                }
            }
        }
    }

    private static RateDeck randomDeck(Random random) {
        BandCrossing crossing = random.nextBoolean() ? BandCrossing.SPLIT : BandCrossing.START;
        Rounding rounding = Rounding.values()[random.nextInt(Rounding.values().length)];
        RoundingScope scope = random.nextBoolean() ? RoundingScope.CALL : RoundingScope.INCREMENT;
        boolean bands = random.nextBoolean();
        DeckBuilder builder = new DeckBuilder(1)
                .plan(new PlanRow("parent", Optional.empty(), Decks.SOFIA, new CurrencyPrecision(random.nextInt(7)),
                        crossing, rounding, scope, 1 + random.nextInt(4 * 3600)), "plans")
                .plan(new PlanRow("child", Optional.of("parent"), Decks.SOFIA, new CurrencyPrecision(2), crossing,
                        Rounding.UP, RoundingScope.CALL, 4 * 3600), "plans");
        if (random.nextBoolean()) {
            builder.markup(new MarkupRow("child", MarkupRow.ANY_GROUP, new Percentage(random.nextInt(500_000)),
                    Money.ofMicros(random.nextInt(10_000))), "markups");
        }
        if (bands) {
            builder.band(new BandRow("parent", "NIGHT", EnumSet.allOf(DayOfWeek.class), 0, 3 * 3600 + 1800), "b")
                    .band(new BandRow("parent", "PEAK", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 8 * 3600,
                            20 * 3600), "b");
        }
        addRates(random, builder, "parent", bands, 1 + random.nextInt(60));
        addRates(random, builder, "child", false, random.nextInt(15));
        return builder.build();
    }

    private static void addRates(Random random, DeckBuilder builder, String plan, boolean bands, int prefixes) {
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < prefixes; p++) {
            String prefix = digits(random, 1 + random.nextInt(4));
            if (!seen.add(prefix)) {
                continue;
            }
            // Mostly one version, as in real decks; sometimes several windows and priorities on one prefix.
            int versions = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
            Set<Long> froms = new HashSet<>();
            for (int v = 0; v < versions; v++) {
                long from = random.nextInt(3) == 0 ? FROM : FROM + random.nextInt((int) (SPAN / 60)) * 60L;
                if (!froms.add(from)) {
                    continue;
                }
                Optional<Instant> to = random.nextInt(3) == 0
                        ? Optional.of(Instant.ofEpochSecond(from + 60 + random.nextInt((int) (SPAN / 60)) * 60L))
                        : Optional.empty();
                int priority = random.nextInt(3);
                String group = "G" + random.nextInt(3);
                Instant fromInstant = Instant.ofEpochSecond(from);
                if (random.nextInt(8) == 0) {
                    builder.rate(new RateRow(plan, prefix, "d", group, BandRow.DEFAULT_BAND, true, Optional.empty(),
                            fromInstant, to, priority), "r");
                    continue;
                }
                builder.rate(new RateRow(plan, prefix, "d", group, BandRow.DEFAULT_BAND, false,
                        Optional.of(tariff(random)), fromInstant, to, priority), "r");
                if (bands && random.nextBoolean()) {
                    builder.rate(new RateRow(plan, prefix, "d", group, random.nextBoolean() ? "NIGHT" : "PEAK", false,
                            Optional.of(tariff(random)), fromInstant, to, priority), "r");
                }
            }
        }
    }

    private static Tariff tariff(Random random) {
        int[] increments = {1, 6, 30, 60};
        return new Tariff(random.nextBoolean() ? ChargeUnit.MINUTE : ChargeUnit.PULSE,
                Money.ofMicros(random.nextInt(3_000_000)), Money.ofMicros(random.nextInt(3) * 50_000L),
                increments[random.nextInt(4)], increments[random.nextInt(4)], new int[] {0, 0, 30, 90}[random.nextInt(4)],
                new int[] {0, 0, 3, 10}[random.nextInt(4)]);
    }

    private static String digits(Random random, int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append(DIGITS.charAt(random.nextInt(DIGITS.length())));
        }
        return digits.toString();
    }
}
