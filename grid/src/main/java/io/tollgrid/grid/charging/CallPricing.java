package io.tollgrid.grid.charging;

import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.Tariff;

/**
 * How one call is priced, the same at authorise, interim and stop: a flat-rate plan or a deck rate. Public so
 * that ingest prices imported CDR files exactly as the grid prices a stop.
 */
public interface CallPricing {
    /** The longest duration whose cost fits the funds (micros). */
    long maxDurationSeconds(long fundsMicros);

    /** The cost in micros of a call lasting this long. */
    long cost(long durationSecs);

    /** Seconds billed for an actual duration, as recorded on the CDR. */
    long billedSeconds(long durationSecs);

    /** The longest duration that costs what {@code seconds} costs: a grant of that much wastes no money. */
    long sliceEnd(long seconds);

    static CallPricing flat(FlatRate rate) {
        return new Flat(rate);
    }

    static CallPricing deck(Rate rate, long startEpochSecond) {
        return new Deck(rate, startEpochSecond);
    }

    /** The id a CDR names a deck rate by: plan, prefix and deck version ("retail/44@v3"). */
    static String deckRateId(Rate rate, long deckVersion) {
        return rate.plan().id() + "/" + rate.prefix() + "@v" + deckVersion;
    }

    record Flat(FlatRate rate) implements CallPricing {
        @Override
        public long maxDurationSeconds(long fundsMicros) {
            return rate.maxDurationSeconds(Money.ofMicros(fundsMicros));
        }

        @Override
        public long cost(long durationSecs) {
            return rate.cost(durationSecs).micros();
        }

        @Override
        public long billedSeconds(long durationSecs) {
            return rate.billedSeconds(durationSecs);
        }

        @Override
        public long sliceEnd(long seconds) {
            return Math.max(rate.initialIncrementSecs(), rate.billedSeconds(seconds));
        }
    }

    /**
     * A deck rate, always priced from the instant it was found at (authorise): the reservation made then is
     * exactly what the granted duration costs at stop, also when a band boundary falls between the
     * authorise and the answer.
     */
    record Deck(Rate rate, long startEpochSecond) implements CallPricing {
        @Override
        public long maxDurationSeconds(long fundsMicros) {
            return rate.maxDurationSeconds(startEpochSecond, fundsMicros);
        }

        @Override
        public long cost(long durationSecs) {
            return rate.cost(startEpochSecond, durationSecs);
        }

        /**
         * For the CDR only (the cost comes from {@link Rate#cost}): whole increments of the start band's tariff,
         * after grace and minimum. Under a SPLIT band crossing with different increments per band it can differ
         * from the increments actually priced.
         */
        @Override
        public long billedSeconds(long durationSecs) {
            Tariff tariff = rate.tariffAt(startEpochSecond);
            if (durationSecs == 0 || durationSecs <= tariff.graceSeconds()) {
                return 0;
            }
            long target = Math.max(durationSecs, tariff.minimumSeconds());
            if (target <= tariff.initialSeconds()) {
                return tariff.initialSeconds();
            }
            long rest = target - tariff.initialSeconds();
            return tariff.initialSeconds() + Math.floorDiv(rest + tariff.nextSeconds() - 1, tariff.nextSeconds()) * tariff.nextSeconds();
        }

        @Override
        public long sliceEnd(long seconds) {
            if (seconds <= 0) {
                return 0;
            }
            return Math.max(seconds, rate.maxDurationSeconds(startEpochSecond, rate.cost(startEpochSecond, seconds)));
        }
    }
}
