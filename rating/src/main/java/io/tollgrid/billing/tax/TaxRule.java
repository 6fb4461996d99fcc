package io.tollgrid.billing.tax;

import io.tollgrid.money.Percentage;

import java.util.Objects;

/**
 * One tax of a tenant in a jurisdiction ("DE", "US-CA"): its name ("VAT"), rate, whether prices include it, and
 * whether the customer accounts for it instead (reverse charge: the invoice carries no tax, and says so).
 */
public record TaxRule(String tenantId, String jurisdiction, String name, Percentage rate, TaxTreatment treatment,
                      boolean reverseCharge, TaxRounding rounding) {
    public TaxRule {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(rounding, "rounding");
        if (jurisdiction == null || jurisdiction.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tax rule names its jurisdiction and its tax");
        }
        if (rate.ppm() > Percentage.WHOLE) {
            throw new IllegalArgumentException("a tax rate is at most 100%: " + rate);
        }
    }
}
