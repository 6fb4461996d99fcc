package io.tollgrid.rating.deck;

import io.tollgrid.rating.bands.BandClock;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A plan's priced terms as one primitive array, and the only pricing walk: one row per distinct
 * (effective window, terms) of the plan's rated rates, holding the window and, per band index, the
 * tariff's increments and its prices in units ({@link PricedTariff}). Real decks repeat prices, so the
 * rows are few (20,000 for the generated 1M-prefix deck) and stay in cache, where a million rate objects
 * with their tariff objects cost a miss each on every call.
 *
 * <p>Pricing walk: the band in force at the start decides grace, minimum, connect fee and the initial
 * increment. Each later increment is priced by the band in force when it starts (SPLIT) or by the start
 * band (START). Within one band every increment costs the same, so the walk moves a band segment at a
 * time, not a second at a time. {@link #cost} and {@link #maxDurationSeconds} are exact inverses of each
 * other and allocate nothing.
 */
final class TariffColumns {
    private static final int FROM = 0;
    private static final int TO = 1;
    private static final int WINDOW = 2;
    /** Per band: packed seconds, connect units, initial units, next units. */
    private static final int PER_BAND = 4;
    private static final int SECONDS_BITS = 12;
    private static final int DAY_BITS = 17;

    private final BandClock clock;
    private final PlanPricing pricing;
    private final long maxGrantSeconds;
    /** Band indexes a row has tariffs for: 1 when the schedule never changes, else every band. */
    private final int bands;
    private final int stride;
    private final boolean splitsByBand;
    private final long[] cells;

    private TariffColumns(BandClock clock, PlanPricing pricing, long maxGrantSeconds, int bands, long[] cells) {
        this.clock = clock;
        this.pricing = pricing;
        this.maxGrantSeconds = maxGrantSeconds;
        this.bands = bands;
        this.stride = WINDOW + PER_BAND * bands;
        this.splitsByBand = bands > 1 && !clock.pricesWholeCallByStart();
        this.cells = cells;
    }

    boolean isEffectiveAt(int row, long epochSecond) {
        int base = row * stride;
        return cells[base + FROM] <= epochSecond && epochSecond < cells[base + TO];
    }

    /**
     * Reads the first and last cell of each row in rows[0..count) that is not NO_VALUE, so that the
     * rows' cache lines load together before they are priced one by one. Returns a value of the cells
     * read, which the caller must keep so the reads are not dropped as dead.
     */
    long touchRows(int[] rows, int count) {
        long touched = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (row >= 0) {
                int base = row * stride;
                touched ^= cells[base] ^ cells[base + stride - 1];
            }
        }
        return touched;
    }

    /** The band index whose tariff prices a call starting at this instant. */
    int startBand(long epochSecond) {
        return bands == 1 ? 0 : clock.bandAt(epochSecond);
    }

    /** The cost in micros of a call on this row starting at startEpochSecond and lasting durationSeconds. */
    long cost(int row, long startEpochSecond, long durationSeconds) {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSeconds);
        }
        if (durationSeconds == 0) {
            return 0;
        }
        int base = row * stride + WINDOW;
        int first = base + PER_BAND * startBand(startEpochSecond);
        long firstSeconds = cells[first];
        if (durationSeconds <= grace(firstSeconds)) {
            return 0;
        }
        long target = Math.max(durationSeconds, minimum(firstSeconds));
        long units = cells[first + 1] + cells[first + 2];
        long covered = initial(firstSeconds);
        long at = startEpochSecond + covered;
        while (covered < target) {
            int tariff = first;
            long increments;
            long nextSeconds;
            if (splitsByBand) {
                tariff = base + PER_BAND * clock.bandAt(at);
                nextSeconds = next(cells[tariff]);
                long fitting = ceilDiv(clock.nextChangeAfter(at) - at, nextSeconds);
                increments = Math.min(ceilDiv(target - covered, nextSeconds), fitting);
            } else {
                nextSeconds = next(firstSeconds);
                increments = ceilDiv(target - covered, nextSeconds);
            }
            units += increments * cells[tariff + 3];
            covered += increments * nextSeconds;
            at += increments * nextSeconds;
        }
        return pricing.toMicros(units);
    }

    /**
     * The longest duration whose cost does not exceed the funds: an increment boundary, or the grace
     * period when not even the first billed block is affordable; never above the plan's max grant.
     */
    long maxDurationSeconds(int row, long startEpochSecond, long fundsMicros) {
        if (fundsMicros < 0) {
            return 0;
        }
        int base = row * stride + WINDOW;
        int first = base + PER_BAND * startBand(startEpochSecond);
        long firstSeconds = cells[first];
        long cap = maxGrantSeconds;
        long grace = grace(firstSeconds);
        long budget = pricing.budgetUnits(fundsMicros);
        long mustCover = Math.max(initial(firstSeconds), minimum(firstSeconds));
        long units = cells[first + 1] + cells[first + 2];
        long covered = initial(firstSeconds);
        long at = startEpochSecond + covered;
        while (covered < mustCover) {
            int tariff = splitsByBand ? base + PER_BAND * clock.bandAt(at) : first;
            long nextSeconds = next(cells[tariff]);
            long increments = ceilDiv(mustCover - covered, nextSeconds);
            if (splitsByBand) {
                increments = Math.min(increments, ceilDiv(clock.nextChangeAfter(at) - at, nextSeconds));
            }
            units += increments * cells[tariff + 3];
            covered += increments * nextSeconds;
            at += increments * nextSeconds;
        }
        if (units > budget) {
            return Math.min(grace, cap);
        }
        while (covered < cap) {
            int tariff = splitsByBand ? base + PER_BAND * clock.bandAt(at) : first;
            long nextSeconds = next(cells[tariff]);
            long nextUnits = cells[tariff + 3];
            long increments = ceilDiv(cap - covered, nextSeconds);
            if (splitsByBand) {
                increments = Math.min(increments, ceilDiv(clock.nextChangeAfter(at) - at, nextSeconds));
            }
            if (nextUnits > 0) {
                increments = Math.min(increments, (budget - units) / nextUnits);
            }
            if (increments == 0) {
                break;
            }
            units += increments * nextUnits;
            covered += increments * nextSeconds;
            at += increments * nextSeconds;
        }
        return Math.min(Math.max(covered, grace), cap);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    // Increments (at most 3600 s) take 12 bits, minimum and grace (at most 86,400 s) 17 bits each.

    private static long packSeconds(PricedTariff tariff) {
        return (long) tariff.initialSeconds
                | (long) tariff.nextSeconds << SECONDS_BITS
                | (long) tariff.minimumSeconds << (2 * SECONDS_BITS)
                | (long) tariff.graceSeconds << (2 * SECONDS_BITS + DAY_BITS);
    }

    private static long initial(long seconds) {
        return seconds & ((1L << SECONDS_BITS) - 1);
    }

    private static long next(long seconds) {
        return (seconds >>> SECONDS_BITS) & ((1L << SECONDS_BITS) - 1);
    }

    private static long minimum(long seconds) {
        return (seconds >>> (2 * SECONDS_BITS)) & ((1L << DAY_BITS) - 1);
    }

    private static long grace(long seconds) {
        return seconds >>> (2 * SECONDS_BITS + DAY_BITS);
    }

    /** Collects a plan's rows while its rates are compiled, one row per distinct window and terms. */
    static final class Builder {
        private record RowKey(long from, long to, RateTerms terms) {
        }

        private final BandClock clock;
        private final PlanPricing pricing;
        private final long maxGrantSeconds;
        private final int bands;
        private final int stride;
        private final Map<RowKey, Integer> rows = new HashMap<>();
        private long[] cells = new long[1024];
        private int used;

        Builder(BandClock clock, PlanPricing pricing, long maxGrantSeconds, int bands) {
            if (Tariff.MAX_INCREMENT_SECONDS >= 1 << SECONDS_BITS) {
                throw new IllegalStateException("increments no longer fit the packed seconds");
            }
            this.clock = clock;
            this.pricing = pricing;
            this.maxGrantSeconds = maxGrantSeconds;
            this.bands = bands;
            this.stride = WINDOW + PER_BAND * bands;
        }

        /** The row for these terms in this window, added when new. Terms are interned per plan, so identity is equality. */
        int rowOf(long from, long to, RateTerms terms) {
            if (terms.byBand.length != bands) {
                throw new IllegalArgumentException("terms for " + terms.byBand.length + " bands in a plan of " + bands);
            }
            return rows.computeIfAbsent(new RowKey(from, to, terms), key -> append(from, to, terms.byBand));
        }

        private int append(long from, long to, PricedTariff[] byBand) {
            if (used + stride > cells.length) {
                cells = Arrays.copyOf(cells, Math.max(2 * cells.length, used + stride));
            }
            int row = used / stride;
            cells[used + FROM] = from;
            cells[used + TO] = to;
            for (int band = 0; band < bands; band++) {
                int at = used + WINDOW + PER_BAND * band;
                PricedTariff tariff = byBand[band];
                cells[at] = packSeconds(tariff);
                cells[at + 1] = tariff.connectUnits;
                cells[at + 2] = tariff.initialUnits;
                cells[at + 3] = tariff.nextUnits;
            }
            used += stride;
            return row;
        }

        TariffColumns build() {
            return new TariffColumns(clock, pricing, maxGrantSeconds, bands, Arrays.copyOf(cells, used));
        }
    }
}
