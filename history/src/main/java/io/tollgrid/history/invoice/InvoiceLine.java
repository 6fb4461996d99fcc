package io.tollgrid.history.invoice;

import io.tollgrid.money.Money;

import java.util.Objects;

/**
 * One line of an invoice. {@code amount} is the price as it stood (net for an exclusive tax, gross for an inclusive
 * one); {@code net + tax = gross} exactly. Under a PER_INVOICE rounding a line carries no tax of its own (tax 0,
 * gross = net for exclusive; for inclusive net = gross = amount) and the tax exists only on the total.
 *
 * @param key the destination (USAGE) or the charge's transfer id (CHARGE)
 */
public record InvoiceLine(LineKind kind, String key, String description, long calls, long billedSeconds,
                          Money amount, Money net, Money tax, Money gross) {
    public InvoiceLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        if (calls < 0 || billedSeconds < 0) {
            throw new IllegalArgumentException("a line's calls and seconds are not negative");
        }
        if (net.plus(tax).compareTo(gross) != 0) {
            throw new IllegalStateException("line " + key + ": net " + net + " + tax " + tax + " is not " + gross);
        }
    }
}
