package io.tollgrid.billing.tax;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a tax rule to an invoice's line amounts. EXCLUSIVE: tax = net x rate. INCLUSIVE: tax = gross x rate /
 * (1 + rate), and net = gross - tax, so the parts always add up. The tax is rounded to the currency's precision
 * by the rule's named rounding, on each line (PER_LINE, then summed) or once on the total (PER_INVOICE). Reverse
 * charge: the tax is zero and the invoice is the net (for inclusive prices, the net the rate would leave).
 */
public final class Taxes {
    private static final BigInteger WHOLE = BigInteger.valueOf(Percentage.WHOLE);

    private Taxes() {
    }

    public static TaxedInvoice apply(TaxRule rule, List<Money> amounts, CurrencyPrecision precision) {
        if (rule.rounding().scope() == TaxRounding.Scope.PER_INVOICE) {
            Money total = amounts.stream().reduce(Money.ZERO, Money::plus);
            TaxedLine whole = line(rule, total, precision);
            return new TaxedInvoice(rule, List.of(), whole.net(), whole.tax(), whole.gross(), rule.reverseCharge());
        }
        List<TaxedLine> lines = new ArrayList<>(amounts.size());
        Money net = Money.ZERO;
        Money tax = Money.ZERO;
        for (Money amount : amounts) {
            TaxedLine line = line(rule, amount, precision);
            lines.add(line);
            net = net.plus(line.net());
            tax = tax.plus(line.tax());
        }
        return new TaxedInvoice(rule, lines, net, tax, net.plus(tax), rule.reverseCharge());
    }

    private static TaxedLine line(TaxRule rule, Money amount, CurrencyPrecision precision) {
        BigInteger micros = BigInteger.valueOf(amount.micros());
        BigInteger ppm = BigInteger.valueOf(rule.rate().ppm());
        Money tax;
        Money net;
        if (rule.treatment() == TaxTreatment.EXCLUSIVE) {
            net = amount;
            tax = Money.ofMicros(rule.rounding().divideToQuantum(micros.multiply(ppm), WHOLE, precision));
        } else {
            tax = Money.ofMicros(rule.rounding().divideToQuantum(micros.multiply(ppm), WHOLE.add(ppm), precision));
            net = amount.minus(tax);
        }
        if (rule.reverseCharge()) {
            tax = Money.ZERO;
        }
        return new TaxedLine(amount, net, tax, net.plus(tax));
    }
}
