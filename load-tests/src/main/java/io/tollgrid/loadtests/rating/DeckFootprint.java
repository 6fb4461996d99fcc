package io.tollgrid.loadtests.rating;

import io.tollgrid.rating.deck.RateDeck;
import org.openjdk.jol.info.GraphLayout;

/**
 * Build time and retained heap of a generated deck. Heap is measured two ways: JOL walks the deck's
 * object graph (exact retained size of everything reachable from it), and the used-heap delta after
 * full GCs cross-checks it. Run: java -Xmx4g -cp benchmarks.jar io.tollgrid.loadtests.rating.DeckFootprint [prefixes]
 */
public final class DeckFootprint {
    private DeckFootprint() {
    }

    public static void main(String[] args) {
        int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        GeneratedDeck generated = new GeneratedDeck(prefixes, 42);
        System.out.printf("generated %d prefixes, %d rate rows%n", prefixes, generated.rows.size());
        RateDeck deck = null;
        for (int run = 1; run <= 3; run++) {
            deck = null;
            long before = usedAfterGc();
            long start = System.nanoTime();
            deck = generated.build();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long after = usedAfterGc();
            System.out.printf("run %d: build %d ms, used-heap delta %.1f MB%n", run, millis, (after - before) / 1e6);
        }
        long exact = GraphLayout.parseInstance(deck).totalSize();
        System.out.printf("JOL retained size of the deck: %.1f MB (%d bytes)%n", exact / 1e6, exact);
        System.out.println(deck.plan(GeneratedDeck.PLAN));
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
