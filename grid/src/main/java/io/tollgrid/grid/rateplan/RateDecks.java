package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.tollgrid.rating.deck.PlanRow;
import io.tollgrid.rating.deck.RateDeck;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.transactions.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * Operator actions on rate decks: upload a new version (it becomes the active one), read which version is
 * active, and ask every server node which version it has compiled. Works from a client node (the gateway)
 * or a server node.
 */
public final class RateDecks {
    private final Ignite ignite;
    private final DeckStore store;
    private final IgniteCache<String, Object> cache;

    public RateDecks(Ignite ignite) {
        this.ignite = ignite;
        this.store = new DeckStore(ignite);
        this.cache = ignite.cache(Caches.RATE_DECKS);
    }

    /**
     * Compiles the tables here first, so a deck with any bad row is refused before anything is written and
     * the active deck stays as it was. A deck that compiles is stored as the next version and activated;
     * every server node then compiles it and swaps it in.
     *
     * @param tables CSV text by file name (plans.csv, rates.csv, ... as in docs/rating.md)
     * @throws DeckRejectedException with every error, each naming its file, line and column
     */
    public DeckUpload upload(Map<String, String> tables, long atMillis) {
        Map<String, String> copy = Map.copyOf(tables);
        // The version number only matters to the nodes' compiled copies; this compile is a validation.
        RateDeck validated = DeckCsv.read(1, copy);
        List<String> plans = validated.planRows().stream().map(PlanRow::plan).toList();
        long version = store.allocateVersion();
        StoredDeck manifest = store.writeChunks(version, copy, plans, atMillis);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            ActiveDeck active = (ActiveDeck) cache.get(DeckStore.ACTIVE);
            StoredDeck previous = active == null ? null : (StoredDeck) cache.get(DeckStore.manifestKey(active.version()));
            cache.put(DeckStore.manifestKey(version), manifest);
            // Versions only move forward: a slower concurrent upload that drew a lower number does not win.
            boolean activate = active == null || active.version() < version;
            if (activate) {
                cache.put(DeckStore.ACTIVE, new ActiveDeck(version, atMillis));
            }
            tx.commit();
            return new DeckUpload(version, activate, active == null ? 0 : active.version(), plans,
                    previous == null ? List.of() : DeckStore.missingFrom(previous.plans(), plans));
        }
    }

    /** The active deck version, if any deck was ever uploaded. */
    public Optional<DeckSummary> active() {
        ActiveDeck active = store.active();
        if (active == null) {
            return Optional.empty();
        }
        StoredDeck manifest = store.manifest(active.version());
        return Optional.of(new DeckSummary(active.version(), Instant.ofEpochMilli(manifest.uploadedAtMillis()),
                Instant.ofEpochMilli(active.activatedAtMillis()), manifest.plans()));
    }

    /**
     * True when the active deck defines this plan, so an account may name it without a flat-rate plan of
     * the same id.
     */
    public boolean definesPlan(String planId) {
        return active().map(deck -> deck.plans().contains(planId)).orElse(false);
    }

    /** The CSV tables of a stored version (for export or re-rating), if it exists. */
    public Optional<Map<String, String>> tables(long version) {
        return Optional.ofNullable(store.tables(version));
    }

    /**
     * The deck version each server node prices new calls with, by node consistent id (0: none; -1: a server
     * without decks). Right after an upload a node may still be compiling.
     */
    public Map<String, Long> compiledVersions() {
        Map<String, Long> byNode = new TreeMap<>();
        for (Map.Entry<String, Long> entry : ignite.compute(ignite.cluster().forServers()).broadcast(new CompiledVersion())) {
            byNode.put(entry.getKey(), entry.getValue());
        }
        return byNode;
    }

    /**
     * Waits until every server node prices new calls with this version (or a newer one), at most the timeout;
     * returns each node's version as last seen.
     */
    public Map<String, Long> awaitCompiled(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Long> byNode = compiledVersions();
            boolean everywhere = byNode.values().stream().allMatch(compiled -> compiled >= version);
            if (everywhere || System.nanoTime() > deadline) {
                return byNode;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return byNode;
            }
        }
    }

    /** Runs on each server node and reports its compiled version. */
    static final class CompiledVersion implements IgniteCallable<Map.Entry<String, Long>> {
        @IgniteInstanceResource
        private transient Ignite ignite;

        @Override
        public Map.Entry<String, Long> call() {
            NodeDecks decks = NodeDecks.of(ignite);
            // active() waits for a node's first compile after its start, so a fresh node does not report 0.
            long version = decks == null ? -1 : decks.active().version();
            return new AbstractMap.SimpleImmutableEntry<>(String.valueOf(ignite.cluster().localNode().consistentId()), version);
        }
    }
}
