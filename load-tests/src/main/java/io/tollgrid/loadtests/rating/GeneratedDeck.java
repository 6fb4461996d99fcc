package io.tollgrid.loadtests.rating;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.bands.BandCrossing;
import io.tollgrid.rating.bands.BandRow;
import io.tollgrid.rating.deck.ChargeUnit;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.PlanRow;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RateRow;
import io.tollgrid.rating.deck.RoundingScope;
import io.tollgrid.rating.deck.Tariff;
import io.tollgrid.rating.prefix.DialRule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A reproducible A-Z style deck: distinct prefixes of 4 to 10 digits under about 200 country codes,
 * each with a weekday-peak and a default tariff. Like real wholesale decks, prices repeat: tariffs come
 * from a pool of 20,000 distinct price pairs and descriptions from 5,000 destination names.
 */
public final class GeneratedDeck {
    public static final String PLAN = "wholesale";
    public static final String SOURCE = "trunk-1";
    private static final int TARIFF_POOL = 20_000;
    private static final int DESCRIPTION_POOL = 5_000;

    public final List<RateRow> rows;
    public final List<String> prefixes;

    public GeneratedDeck(int prefixCount, long seed) {
        Random random = new Random(seed);
        String[] countries = new String[200];
        for (int i = 0; i < countries.length; i++) {
            countries[i] = Integer.toString(1 + random.nextInt(i < 20 ? 9 : i < 100 ? 99 : 999));
        }
        Tariff[][] tariffs = new Tariff[TARIFF_POOL][2];
        for (int i = 0; i < TARIFF_POOL; i++) {
            long offPeak = 1_000 + random.nextInt(400_000);
            int[] increments = new int[][] {{60, 60}, {30, 6}, {1, 1}}[random.nextInt(3)];
            tariffs[i][0] = new Tariff(ChargeUnit.MINUTE, Money.ofMicros(offPeak), Money.ofMicros(random.nextInt(3) * 10_000L),
                    increments[0], increments[1], 0, random.nextInt(2) * 3);
            tariffs[i][1] = tariffs[i][0].withPrices(Money.ofMicros(offPeak * 3 / 2), tariffs[i][0].connectFee());
        }
        String[] descriptions = new String[DESCRIPTION_POOL];
        for (int i = 0; i < DESCRIPTION_POOL; i++) {
            descriptions[i] = "Destination " + i + (i % 3 == 0 ? " Mobile" : " Fixed");
        }
        Set<String> seen = new HashSet<>(prefixCount * 2);
        prefixes = new ArrayList<>(prefixCount);
        rows = new ArrayList<>(prefixCount * 2);
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        StringBuilder prefix = new StringBuilder();
        while (prefixes.size() < prefixCount) {
            prefix.setLength(0);
            prefix.append(countries[random.nextInt(countries.length)]);
            int length = 4 + random.nextInt(7);
            while (prefix.length() < length) {
                prefix.append((char) ('0' + random.nextInt(10)));
            }
            String p = prefix.toString();
            if (!seen.add(p)) {
                continue;
            }
            prefixes.add(p);
            int pick = random.nextInt(TARIFF_POOL);
            String description = descriptions[random.nextInt(DESCRIPTION_POOL)];
            String group = "G" + (pick % 50);
            rows.add(new RateRow(PLAN, p, description, group, "*", false, Optional.of(tariffs[pick][0]), from,
                    Optional.empty(), 0));
            rows.add(new RateRow(PLAN, p, description, group, "PEAK", false, Optional.of(tariffs[pick][1]), from,
                    Optional.empty(), 0));
        }
    }

    public RateDeck build() {
        DeckBuilder builder = new DeckBuilder(1)
                .plan(new PlanRow(PLAN, Optional.empty(), ZoneId.of("Europe/Sofia"), new CurrencyPrecision(4),
                        BandCrossing.SPLIT, Rounding.UP, RoundingScope.CALL, 4 * 3600), "plans")
                .band(new BandRow(PLAN, "PEAK", EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 8 * 3600,
                        20 * 3600), "bands")
                .dialRule(new DialRule(SOURCE, "9", "00", "0", "359"), "normalisation");
        for (RateRow row : rows) {
            builder.rate(row, "generated");
        }
        return builder.build();
    }
}
