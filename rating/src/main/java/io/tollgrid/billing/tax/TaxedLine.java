package io.tollgrid.billing.tax;

import io.tollgrid.money.Money;

/** One invoice line with its tax, as PER_LINE rounding computes it: net + tax = gross, exactly. */
public record TaxedLine(Money amount, Money net, Money tax, Money gross) {
}
