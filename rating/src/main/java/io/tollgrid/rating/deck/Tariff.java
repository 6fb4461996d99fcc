package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;

/**
 * The price terms of one rate in one band.
 *
 * @param unit             MINUTE (price per 60 s, block-based) or PULSE (price per increment)
 * @param price            per minute or per pulse
 * @param connectFee       charged once per connected call that is not within the grace period
 * @param initialSeconds   the first billed increment (60 in 60/60, 30 in 30/6)
 * @param nextSeconds      every later increment
 * @param minimumSeconds   a charged call is billed for at least this long
 * @param graceSeconds     calls lasting this long or less are free
 */
public record Tariff(ChargeUnit unit, Money price, Money connectFee, int initialSeconds, int nextSeconds,
                     int minimumSeconds, int graceSeconds) {
    public static final int MAX_INCREMENT_SECONDS = 3600;

    public Tariff {
        if (unit == null || price == null || connectFee == null) {
            throw new IllegalArgumentException("unit, price and connect fee are required");
        }
        if (price.isNegative() || connectFee.isNegative()) {
            throw new IllegalArgumentException("prices must not be negative");
        }
        if (price.micros() > 1_000_000_000_000L || connectFee.micros() > 1_000_000_000_000L) {
            throw new IllegalArgumentException("prices above 1000000 are not accepted");
        }
        if (initialSeconds <= 0 || nextSeconds <= 0 || initialSeconds > MAX_INCREMENT_SECONDS
                || nextSeconds > MAX_INCREMENT_SECONDS) {
            throw new IllegalArgumentException("increments must be 1.." + MAX_INCREMENT_SECONDS + " seconds");
        }
        if (minimumSeconds < 0 || graceSeconds < 0 || minimumSeconds > 86_400 || graceSeconds > 86_400) {
            throw new IllegalArgumentException("minimum and grace must be 0..86400 seconds");
        }
    }

    public static Tariff perMinute(String price, String connectFee, int initialSeconds, int nextSeconds) {
        return new Tariff(ChargeUnit.MINUTE, Money.parse(price), Money.parse(connectFee), initialSeconds,
                nextSeconds, 0, 0);
    }

    public Tariff withMinimum(int seconds) {
        return new Tariff(unit, price, connectFee, initialSeconds, nextSeconds, seconds, graceSeconds);
    }

    public Tariff withGrace(int seconds) {
        return new Tariff(unit, price, connectFee, initialSeconds, nextSeconds, minimumSeconds, seconds);
    }

    public Tariff withPrices(Money newPrice, Money newConnectFee) {
        return new Tariff(unit, newPrice, newConnectFee, initialSeconds, nextSeconds, minimumSeconds, graceSeconds);
    }
}
