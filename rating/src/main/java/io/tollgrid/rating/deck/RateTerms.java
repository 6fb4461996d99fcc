package io.tollgrid.rating.deck;

import java.util.Arrays;
import java.util.List;

/**
 * The tariffs of one rate: as defined (band name to tariff, for export) and as compiled (one priced
 * tariff per band index of the plan's schedule). Identical terms are shared between rates.
 */
final class RateTerms {
    final String[] bandNames;
    final Tariff[] tariffs;
    final PricedTariff[] byBand;

    RateTerms(String[] bandNames, Tariff[] tariffs, PricedTariff[] byBand) {
        this.bandNames = bandNames;
        this.tariffs = tariffs;
        this.byBand = byBand;
    }

    /** Interning key: the definition, which decides the compiled form within one plan. */
    record Key(List<String> bandNames, List<Tariff> tariffs) {
        static Key of(String[] bandNames, Tariff[] tariffs) {
            return new Key(Arrays.asList(bandNames), Arrays.asList(tariffs));
        }
    }
}
