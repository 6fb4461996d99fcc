package io.tollgrid.rating.deck;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.bands.BandCrossing;

import java.time.ZoneId;
import java.util.Optional;

/**
 * A rate plan's settings.
 *
 * @param parent          the plan this one inherits entries from, if any
 * @param zone            where the plan's time bands are read
 * @param precision       the currency's decimals; call costs are rounded to it
 * @param crossing        how a call across a band boundary is priced
 * @param rounding        the named rounding mode for call costs
 * @param scope           round per call or per increment
 * @param maxGrantSeconds the longest duration ever granted to one call, whatever the funds
 */
public record PlanRow(String plan, Optional<String> parent, ZoneId zone, CurrencyPrecision precision,
                      BandCrossing crossing, Rounding rounding, RoundingScope scope, long maxGrantSeconds) {
    public PlanRow {
        if (plan == null || plan.isBlank() || parent == null || zone == null || precision == null
                || crossing == null || rounding == null || scope == null) {
            throw new IllegalArgumentException("every plan setting is required");
        }
        if (parent.isPresent() && parent.get().equals(plan)) {
            throw new IllegalArgumentException("a plan cannot be its own parent");
        }
        if (maxGrantSeconds <= 0 || maxGrantSeconds > 7 * 86_400) {
            throw new IllegalArgumentException("max grant must be 1..604800 seconds: " + maxGrantSeconds);
        }
    }
}
