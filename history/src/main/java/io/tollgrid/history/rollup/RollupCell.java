package io.tollgrid.history.rollup;

import java.util.Objects;

/** One row of a day's rollup: a dimension, its key and the currency its money is in. */
public record RollupCell(Dimension dimension, String key, String currency) {
    public RollupCell {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(currency, "currency");
    }
}
