package io.tollgrid.rating.deck;

import io.tollgrid.money.Rounding;

/**
 * A tariff turned into integer "units" for one plan's rounding: with CALL scope a unit is 1/60 of a
 * micro, so the exact sum can be rounded once at the end; with INCREMENT scope a unit is a micro and
 * each part is already rounded to the currency precision.
 */
final class PricedTariff {
    final Tariff tariff;
    final int initialSeconds;
    final int nextSeconds;
    final int minimumSeconds;
    final int graceSeconds;
    final long connectUnits;
    final long initialUnits;
    final long nextUnits;

    PricedTariff(Tariff tariff, RoundingScope scope, Rounding rounding, long quantum) {
        this.tariff = tariff;
        this.initialSeconds = tariff.initialSeconds();
        this.nextSeconds = tariff.nextSeconds();
        this.minimumSeconds = tariff.minimumSeconds();
        this.graceSeconds = tariff.graceSeconds();
        long price = tariff.price().micros();
        long initialSixtieths = tariff.unit() == ChargeUnit.MINUTE ? price * initialSeconds : price * 60;
        long nextSixtieths = tariff.unit() == ChargeUnit.MINUTE ? price * nextSeconds : price * 60;
        long connect = tariff.connectFee().micros();
        if (scope == RoundingScope.CALL) {
            connectUnits = connect * 60;
            initialUnits = initialSixtieths;
            nextUnits = nextSixtieths;
        } else {
            connectUnits = rounding.toQuantum(connect, quantum);
            initialUnits = rounding.divide(initialSixtieths, 60 * quantum) * quantum;
            nextUnits = rounding.divide(nextSixtieths, 60 * quantum) * quantum;
        }
    }
}
