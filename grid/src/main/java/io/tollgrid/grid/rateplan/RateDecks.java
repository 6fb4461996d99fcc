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
        RateDeck operators = DeckCsv.read(1, copy);
        for (int attempt = 1; ; attempt++) {
            ActiveDeck active = store.active();
            StoredDeck previous = active == null ? null : store.manifest(active.version());
            List<SellPlan> before = previous == null ? List.of() : previous.sellPlans();
            // The resellers' sell plans of the version in force are carried over to the new one, on the new deck's
            // settings of their buy plans; one whose buy plan the new deck no longer has is dropped with it.
            Map<String, String> stored = copy;
            RateDeck validated = operators;
            List<SellPlan> carried = SellPlanTables.carried(operators, before);
            if (!carried.isEmpty()) {
                stored = SellPlanTables.with(DeckCsv.write(operators), operators, carried);
                validated = DeckCsv.read(1, stored);
            }
            List<String> plans = validated.planRows().stream().map(PlanRow::plan).toList();
            DeckUpload upload = commit(stored, plans, carried, active == null ? 0 : active.version(), atMillis);
            if (upload != null) {
                return upload;
            }
            if (attempt == COMMIT_ATTEMPTS) {
                throw new IllegalStateException("the active rate deck kept changing during the upload; try again");
            }
        }
    }

    /** How often a write that lost the race for the active pointer is redone before it gives up. */
    static final int COMMIT_ATTEMPTS = 5;

    /**
     * Stores a compiled deck's tables as the next version and activates it, provided the active version is still
     * {@code basedOn} (0: none); otherwise writes no manifest, leaves the pointer, and answers null (the chunks
     * written are never read, and the version number is skipped).
     */
    DeckUpload commit(Map<String, String> tables, List<String> plans, List<SellPlan> sellPlans, long basedOn,
                      long atMillis) {
        long version = store.allocateVersion();
        StoredDeck manifest = store.writeChunks(version, tables, plans, sellPlans, atMillis);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            ActiveDeck active = (ActiveDeck) cache.get(DeckStore.ACTIVE);
            long current = active == null ? 0 : active.version();
            if (current != basedOn || current >= version) {
                return null;
            }
            StoredDeck previous = active == null ? null : (StoredDeck) cache.get(DeckStore.manifestKey(active.version()));
            cache.put(DeckStore.manifestKey(version), manifest);
            cache.put(DeckStore.ACTIVE, new ActiveDeck(version, atMillis));
            tx.commit();
            return new DeckUpload(version, true, current, plans,
                    previous == null ? List.of() : DeckStore.missingFrom(previous.plans(), plans));
        }
    }

    /** The sell plans of the active deck version (none before a deck is uploaded). */
    List<SellPlan> activeSellPlans() {
        ActiveDeck active = store.active();
        StoredDeck manifest = active == null ? null : store.manifest(active.version());
        return manifest == null ? List.of() : manifest.sellPlans();
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
