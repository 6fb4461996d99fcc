package io.tollgrid.rating.csv;

import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import io.tollgrid.rating.deck.ChargeUnit;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.Decks;
import io.tollgrid.rating.deck.MarkupRow;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RateRow;
import io.tollgrid.rating.deck.Tariff;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvRoundTripPropertyTest {
    private record Entry(String prefix, String description, boolean blocked, Tariff tariff, long fromDay,
                         Optional<Long> days, int priority) {
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<Tariff> tariffs = Combinators.combine(Arbitraries.of(ChargeUnit.values()),
                        Arbitraries.longs().between(0, 5_000_000), Arbitraries.longs().between(0, 100_000),
                        Arbitraries.integers().between(1, 120), Arbitraries.integers().between(1, 60),
                        Arbitraries.integers().between(0, 120), Arbitraries.integers().between(0, 10))
                .as((u, p, c, i, n, m, g) -> new Tariff(u, Money.ofMicros(p), Money.ofMicros(c), i, n, m, g));
        Arbitrary<Entry> entry = Combinators.combine(
                        Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().withChars("ab ,\"é\n").ofMaxLength(12).map(s -> "x" + s + "y"),
                        Arbitraries.of(false, false, false, true), tariffs,
                        Arbitraries.longs().between(0, 5000), Arbitraries.longs().between(1, 400).optional(),
                        Arbitraries.integers().between(-3, 3))
                .as(Entry::new);
        return entry.list().ofMaxSize(40).uniqueElements(e -> e.prefix() + "/" + e.fromDay() + "/" + e.priority());
    }

    @Property(tries = 100)
    void importFollowedByExportGivesBackTheSameDeck(@ForAll("entries") List<Entry> entries) {
        DeckBuilder builder = new DeckBuilder(3).plan(Decks.plan("p"), "plans").plan(Decks.child("c", "p"), "plans")
                .markup(new MarkupRow("c", "*", Percentage.parse("12.5"), Money.parse("0.001")), "m");
        for (Entry e : entries) {
            Instant from = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(e.fromDay() * 86_400);
            Optional<Instant> to = e.days().map(d -> from.plusSeconds(d * 86_400));
            String plan = e.prefix().length() % 3 == 0 ? "c" : "p";
            builder.rate(new RateRow(plan, e.prefix(), e.description(), "G" + e.prefix().charAt(0), "*", e.blocked(),
                    e.blocked() ? Optional.empty() : Optional.of(e.tariff()), from, to, e.priority()), "r");
        }
        RateDeck original = builder.build();
        Map<String, String> exported = DeckCsv.write(original);
        RateDeck imported = DeckCsv.read(3, exported);
        assertEquals(original.rateRows(), imported.rateRows());
        assertEquals(original.planRows(), imported.planRows());
        assertEquals(original.markupRows(), imported.markupRows());
        assertEquals(exported, DeckCsv.write(imported));
        assertEquals(entries.size(), original.rateRows().size());
    }
}
