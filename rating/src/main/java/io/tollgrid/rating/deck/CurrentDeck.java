package io.tollgrid.rating.deck;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The deck in force, swapped atomically: readers take one reference per call and price the whole call
 * with it, so a price change never shows half a deck. Versions only move forward.
 */
public final class CurrentDeck {
    private final AtomicReference<RateDeck> current;

    public CurrentDeck(RateDeck initial) {
        this.current = new AtomicReference<>(initial);
    }

    public RateDeck get() {
        return current.get();
    }

    /**
     * Installs a newer deck; returns false (and keeps the current one) when the offered version is not
     * newer, so a late, stale publish cannot roll prices back.
     */
    public boolean swap(RateDeck newer) {
        while (true) {
            RateDeck now = current.get();
            if (newer.version() <= now.version()) {
                return false;
            }
            if (current.compareAndSet(now, newer)) {
                return true;
            }
        }
    }
}
