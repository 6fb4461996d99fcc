package io.tollgrid.billing.tax;

import io.tollgrid.money.Money;

import java.util.List;

/**
 * An invoice's totals under one rule: net + tax = gross, exactly. {@code lines} holds each line's tax under
 * PER_LINE rounding and is empty under PER_INVOICE, where tax exists only on the total. {@code reverseCharge}: the
 * invoice must say the customer accounts for the tax; its tax is zero.
 */
public record TaxedInvoice(TaxRule rule, List<TaxedLine> lines, Money net, Money tax, Money gross,
                           boolean reverseCharge) {
    public TaxedInvoice {
        lines = List.copyOf(lines);
        if (net.plus(tax).compareTo(gross) != 0) {
            throw new IllegalStateException("net " + net + " + tax " + tax + " is not gross " + gross);
        }
    }
}
