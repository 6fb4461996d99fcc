package io.tollgrid.gateway.routing;

import io.tollgrid.grid.rateplan.DeckSummary;
import io.tollgrid.grid.rateplan.NodeDecks;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;

import java.util.Map;
import java.util.Optional;

/**
 * The active rate deck for route queries and destination names. A gateway inside a server node uses the node's compiled deck; a
 * gateway that is an Ignite client compiles the active version itself, once per version (one replicated
 * read per query to see whether it changed).
 */
public final class ActiveDeck {
    private static final RateDeck EMPTY = new DeckBuilder(0).build();
    private final Ignite ignite;
    private final RateDecks decks;
    private volatile RateDeck compiled = EMPTY;

    public ActiveDeck(Ignite ignite) {
        this.ignite = ignite;
        this.decks = new RateDecks(ignite);
    }

    public RateDeck get() {
        NodeDecks local = NodeDecks.of(ignite);
        if (local != null) {
            return local.active();
        }
        Optional<DeckSummary> active = decks.active();
        if (active.isEmpty()) {
            return EMPTY;
        }
        long version = active.get().version();
        synchronized (this) {
            if (compiled.version() != version) {
                Map<String, String> tables = decks.tables(version).orElseThrow(
                        () -> new IllegalStateException("rate deck version " + version + " is active but not stored"));
                compiled = DeckCsv.read(version, tables);
            }
            return compiled;
        }
    }
}
