package io.tollgrid.billing.tax;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import io.tollgrid.money.Rounding;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each example is worked by hand in its comment; the test checks the code agrees to the micro. */
class TaxesTest {
    private static final CurrencyPrecision CENTS = new CurrencyPrecision(2);
    private static final CurrencyPrecision YEN = new CurrencyPrecision(0);

    private static TaxRule rule(String rate, TaxTreatment treatment, boolean reverse, TaxRounding rounding) {
        return new TaxRule("t1", "DE", "VAT", Percentage.parse(rate), treatment, reverse, rounding);
    }

    private static List<Money> amounts(String... decimals) {
        return Stream.of(decimals).map(Money::parse).toList();
    }

    private static void assertTotals(TaxedInvoice invoice, String net, String tax, String gross) {
        assertEquals(Money.parse(net), invoice.net(), "net");
        assertEquals(Money.parse(tax), invoice.tax(), "tax");
        assertEquals(Money.parse(gross), invoice.gross(), "gross");
    }

    @Test
    void exclusiveTaxRoundedPerLineAndPerInvoiceDiffer() {
        // 19% on three lines of 0.03 EUR.
        // Per line, HALF_UP: 0.03 x 0.19 = 0.0057 -> 0.01 each; tax 0.03, net 0.09, gross 0.12.
        TaxedInvoice perLine = Taxes.apply(rule("19", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_UP),
                amounts("0.03", "0.03", "0.03"), CENTS);
        assertTotals(perLine, "0.09", "0.03", "0.12");
        assertEquals(3, perLine.lines().size());
        assertEquals(Money.parse("0.01"), perLine.lines().get(0).tax());
        // Per invoice, HALF_UP: 0.09 x 0.19 = 0.0171 -> 0.02; net 0.09, gross 0.11. No line carries tax.
        TaxedInvoice perInvoice = Taxes.apply(rule("19", TaxTreatment.EXCLUSIVE, false,
                TaxRounding.PER_INVOICE_HALF_UP), amounts("0.03", "0.03", "0.03"), CENTS);
        assertTotals(perInvoice, "0.09", "0.02", "0.11");
        assertTrue(perInvoice.lines().isEmpty());
    }

    @Test
    void halfUpAndHalfEvenDifferOnlyOnATieToAnEvenCent() {
        // 10% of 0.25 = 0.025, a tie: HALF_UP -> 0.03, HALF_EVEN -> 0.02 (2 is even).
        assertTotals(Taxes.apply(rule("10", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_UP),
                amounts("0.25"), CENTS), "0.25", "0.03", "0.28");
        assertTotals(Taxes.apply(rule("10", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_EVEN),
                amounts("0.25"), CENTS), "0.25", "0.02", "0.27");
        // 10% of 0.35 = 0.035: both -> 0.04 (4 is even, and half rounds up).
        assertTotals(Taxes.apply(rule("10", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_EVEN),
                amounts("0.35"), CENTS), "0.35", "0.04", "0.39");
        // 10% of 0.2501 = 0.02501: not a tie, both -> 0.03.
        assertTotals(Taxes.apply(rule("10", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_EVEN),
                amounts("0.2501"), CENTS), "0.2501", "0.03", "0.2801");
    }

    @Test
    void inclusiveTaxIsExtractedAndThePartsAddUp() {
        // 20% included in three lines of 1.00 GBP. Per line, HALF_UP: 1.00 x 20/120 = 0.1666.. -> 0.17,
        // net 0.83 each; tax 0.51, net 2.49, gross 3.00.
        TaxedInvoice perLine = Taxes.apply(rule("20", TaxTreatment.INCLUSIVE, false, TaxRounding.PER_LINE_HALF_UP),
                amounts("1.00", "1.00", "1.00"), CENTS);
        assertTotals(perLine, "2.49", "0.51", "3.00");
        assertEquals(new TaxedLine(Money.parse("1.00"), Money.parse("0.83"), Money.parse("0.17"), Money.parse("1.00")),
                perLine.lines().get(2));
        // Per invoice: 3.00 x 20/120 = 0.50 exactly; net 2.50. The gross is the same, the split is not.
        assertTotals(Taxes.apply(rule("20", TaxTreatment.INCLUSIVE, false, TaxRounding.PER_INVOICE_HALF_UP),
                amounts("1.00", "1.00", "1.00"), CENTS), "2.50", "0.50", "3.00");
    }

    @Test
    void reverseChargeCarriesNoTax() {
        // Exclusive 19% on 100.00, reverse charge: tax 0, gross 100.00, and the invoice says so.
        TaxedInvoice exclusive = Taxes.apply(rule("19", TaxTreatment.EXCLUSIVE, true, TaxRounding.PER_LINE_HALF_UP),
                amounts("100.00"), CENTS);
        assertTotals(exclusive, "100.00", "0", "100.00");
        assertTrue(exclusive.reverseCharge());
        // Inclusive 20% price of 120.00 to a reverse-charge customer: net 120 x 100/120 = 100.00, tax 0, gross 100.00.
        assertTotals(Taxes.apply(rule("20", TaxTreatment.INCLUSIVE, true, TaxRounding.PER_INVOICE_HALF_UP),
                amounts("120.00"), CENTS), "100.00", "0", "100.00");
    }

    @Test
    void aCurrencyWithoutDecimalsRoundsToWholeUnits() {
        // JPY, 10% exclusive, per line HALF_EVEN: 105 -> 10.5 -> 10 (even); 115 -> 11.5 -> 12 (even).
        // Tax 22, net 220, gross 242.
        TaxedInvoice yen = Taxes.apply(rule("10", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_EVEN),
                amounts("105", "115"), YEN);
        assertTotals(yen, "220", "22", "242");
        assertEquals(Money.parse("10"), yen.lines().get(0).tax());
        assertEquals(Money.parse("12"), yen.lines().get(1).tax());
    }

    @Test
    void creditLinesAndLargeInvoicesAreExact() {
        // A credit of -0.03 at 19%, HALF_UP: -0.0057 -> -0.01 (away from zero). With a 0.10 line (0.019 -> 0.02):
        // tax 0.01, net 0.07, gross 0.08.
        assertTotals(Taxes.apply(rule("19", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_UP),
                amounts("0.10", "-0.03"), CENTS), "0.07", "0.01", "0.08");
        // 50,000,000.00 at 25%: 12,500,000.00; the product of micros and ppm (1.25e19) does not fit a long.
        assertTotals(Taxes.apply(rule("25", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_INVOICE_HALF_EVEN),
                amounts("50000000.00"), CENTS), "50000000.00", "12500000.00", "62500000.00");
    }

    @Test
    void theTaxRoundingModesAgreeWithTheMoneyRoundings() {
        // The tax division goes through BigDecimal; it must round exactly as io.tollgrid.money.Rounding does.
        Random random = new Random(16);
        for (Rounding mode : Rounding.values()) {
            TaxRounding rounding = new TaxRounding(TaxRounding.Scope.PER_LINE, mode);
            for (int i = 0; i < 20_000; i++) {
                long numerator = random.nextLong() % 10_000_000_000L;
                long denominator = 1 + random.nextInt(2_000_000);
                assertEquals(mode.divide(numerator, denominator),
                        rounding.divideToQuantum(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator),
                                new CurrencyPrecision(6)), mode + " " + numerator + "/" + denominator);
            }
        }
    }

    @Test
    void roundingsAreNamedAndRulesAreOnePerTenantAndJurisdiction() {
        assertEquals(TaxRounding.PER_INVOICE_HALF_EVEN, TaxRounding.named("PER_INVOICE_HALF_EVEN"));
        assertEquals("PER_LINE_HALF_UP", TaxRounding.PER_LINE_HALF_UP.name());
        assertThrows(IllegalArgumentException.class, () -> TaxRounding.named("PER_LINE_BANKERS"));
        assertThrows(IllegalArgumentException.class, () -> TaxRounding.named("HALF_UP"));
        TaxRule de = rule("19", TaxTreatment.EXCLUSIVE, false, TaxRounding.PER_LINE_HALF_UP);
        TaxRule fr = new TaxRule("t1", "FR", "TVA", Percentage.parse("20"), TaxTreatment.EXCLUSIVE, false,
                TaxRounding.PER_INVOICE_HALF_UP);
        TaxTable table = new TaxTable(List.of(de, fr));
        assertEquals(de, table.ruleFor("t1", "DE").orElseThrow());
        assertTrue(table.ruleFor("t2", "DE").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new TaxTable(List.of(de, de)));
        assertThrows(IllegalArgumentException.class, () -> rule("100.0001", TaxTreatment.EXCLUSIVE, false,
                TaxRounding.PER_LINE_HALF_UP));
    }
}
