package io.tollgrid.rating.deck;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.bands.BandCrossing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Short ways to write test decks. */
public final class Decks {
    public static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    /** A Wednesday, 12:00 in Sofia. */
    public static final long WEDNESDAY_NOON = Instant.parse("2025-01-15T10:00:00Z").getEpochSecond();
    public static final ZoneId SOFIA = ZoneId.of("Europe/Sofia");

    private Decks() {
    }

    public static PlanRow plan(String id) {
        return plan(id, 2, Rounding.UP, RoundingScope.CALL);
    }

    public static PlanRow plan(String id, int decimals, Rounding rounding, RoundingScope scope) {
        return new PlanRow(id, Optional.empty(), SOFIA, new CurrencyPrecision(decimals), BandCrossing.SPLIT, rounding,
                scope, 4 * 3600);
    }

    public static PlanRow child(String id, String parent) {
        return new PlanRow(id, Optional.of(parent), SOFIA, new CurrencyPrecision(2), BandCrossing.SPLIT, Rounding.UP,
                RoundingScope.CALL, 4 * 3600);
    }

    public static PlanRow withCrossing(PlanRow p, BandCrossing crossing) {
        return new PlanRow(p.plan(), p.parent(), p.zone(), p.precision(), crossing, p.rounding(), p.scope(),
                p.maxGrantSeconds());
    }

    public static Tariff perMinute(String price, String connect, int initial, int next) {
        return Tariff.perMinute(price, connect, initial, next);
    }

    public static Tariff pulse(String pricePerPulse, int pulseSeconds) {
        return new Tariff(ChargeUnit.PULSE, Money.parse(pricePerPulse), Money.ZERO, pulseSeconds, pulseSeconds, 0, 0);
    }

    public static RateRow rate(String plan, String prefix, Tariff tariff) {
        return rate(plan, prefix, "*", tariff);
    }

    public static RateRow rate(String plan, String prefix, String band, Tariff tariff) {
        return new RateRow(plan, prefix, "dest " + prefix, "G", band, false, Optional.of(tariff), LONG_AGO,
                Optional.empty(), 0);
    }

    public static RateRow rate(String plan, String prefix, String group, Tariff tariff, Instant from, Instant to,
                               int priority) {
        return new RateRow(plan, prefix, "dest " + prefix, group, "*", false, Optional.of(tariff), from,
                Optional.ofNullable(to), priority);
    }

    public static RateRow blocked(String plan, String prefix) {
        return new RateRow(plan, prefix, "blocked " + prefix, "G", "*", true, Optional.empty(), LONG_AGO,
                Optional.empty(), 0);
    }

    /** A one-plan deck "p" with one rate on prefix 1 priced by the tariff. */
    public static Rate single(PlanRow plan, Tariff tariff) {
        RateDeck deck = new DeckBuilder(1).plan(plan, "plans").rate(rate(plan.plan(), "1", tariff), "rates").build();
        return deck.plan(plan.plan()).find("x", "1555", WEDNESDAY_NOON);
    }

    public static Rate single(Tariff tariff) {
        return single(plan("p"), tariff);
    }

    public static long micros(String amount) {
        return Money.parse(amount).micros();
    }
}
