package io.tollgrid.grid.rateplan;

/**
 * The pointer to the deck version every node prices new calls with. A final class rather than a record:
 * Ignite 2 cannot marshal records.
 */
final class ActiveDeck {
    private final long version;
    private final long activatedAtMillis;

    ActiveDeck(long version, long activatedAtMillis) {
        if (version <= 0) {
            throw new IllegalArgumentException("deck versions start at 1: " + version);
        }
        this.version = version;
        this.activatedAtMillis = activatedAtMillis;
    }

    long version() {
        return version;
    }

    long activatedAtMillis() {
        return activatedAtMillis;
    }
}
