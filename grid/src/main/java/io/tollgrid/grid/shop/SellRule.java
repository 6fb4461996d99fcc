package io.tollgrid.grid.shop;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a shop sells calls to one destination: the callee's prefix (the longest one matching wins; the empty prefix
 * is the shop's default) and either a markup over the call's cost to the shop, in basis points (2500 = 25%), or a
 * fixed price per started minute. Stored in Ignite, hence a final class, not a record.
 */
public final class SellRule {
    /** Dialled digits, at most 32; empty for the default rule. */
    private static final Pattern PREFIX = Pattern.compile("[0-9]{0,32}");
    /** The largest markup: 1,000% (basis points). */
    public static final long MAX_MARKUP_BASIS_POINTS = 100_000;

    public enum Kind { MARKUP, FIXED }

    private final String prefix;
    private final Kind kind;
    private final long markupBasisPoints;
    private final long pricePerMinuteMicros;

    private SellRule(String prefix, Kind kind, long markupBasisPoints, long pricePerMinuteMicros) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a sell rule's prefix is 0 to 32 digits, not '" + prefix + "'");
        }
        this.kind = Objects.requireNonNull(kind, "kind");
        if (markupBasisPoints < 0 || markupBasisPoints > MAX_MARKUP_BASIS_POINTS) {
            throw new IllegalArgumentException("a markup is 0 to " + MAX_MARKUP_BASIS_POINTS / 100 + "%");
        }
        if (pricePerMinuteMicros < 0) {
            throw new IllegalArgumentException("a fixed price must not be negative");
        }
        this.markupBasisPoints = markupBasisPoints;
        this.pricePerMinuteMicros = pricePerMinuteMicros;
    }

    public static SellRule markup(String prefix, long basisPoints) {
        return new SellRule(prefix, Kind.MARKUP, basisPoints, 0);
    }

    public static SellRule fixed(String prefix, long pricePerMinuteMicros) {
        return new SellRule(prefix, Kind.FIXED, 0, pricePerMinuteMicros);
    }

    public String prefix() {
        return prefix;
    }

    public Kind kind() {
        return kind;
    }

    public long markupBasisPoints() {
        return markupBasisPoints;
    }

    public long pricePerMinuteMicros() {
        return pricePerMinuteMicros;
    }
}
