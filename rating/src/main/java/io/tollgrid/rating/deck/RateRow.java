package io.tollgrid.rating.deck;

import io.tollgrid.rating.prefix.Digits;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a rate table: the terms for one destination prefix, in one band, for one effective
 * window and priority. Rows that share plan, prefix, effective-from and priority form one rate; its
 * band "*" row applies whenever no row for the current band exists. A blocked rate has no tariff.
 */
public record RateRow(String plan, String prefix, String description, String group, String band, boolean blocked,
                      Optional<Tariff> tariff, Instant effectiveFrom, Optional<Instant> effectiveTo, int priority) {
    public static final int MAX_PREFIX_DIGITS = 15;

    public RateRow {
        if (plan == null || plan.isBlank()) {
            throw new IllegalArgumentException("plan is required");
        }
        if (prefix == null || !Digits.isDigitString(prefix, MAX_PREFIX_DIGITS)) {
            throw new IllegalArgumentException("prefix must be 1-" + MAX_PREFIX_DIGITS + " digits: " + prefix);
        }
        if (description == null || group == null || band == null || band.isBlank() || tariff == null
                || effectiveFrom == null || effectiveTo == null) {
            throw new IllegalArgumentException("description, group, band, tariff and effective dates are required");
        }
        if (blocked == tariff.isPresent()) {
            throw new IllegalArgumentException(blocked ? "a blocked rate has no price" : "a rate needs a price");
        }
        if (effectiveTo.isPresent() && !effectiveTo.get().isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("effective-to must be after effective-from");
        }
    }
}
