package io.tollgrid.billing.period;

import java.util.Objects;

/**
 * How one account is billed: its tenant, its cycle (monthly or weekly, anchor day, the tenant's time zone) and the
 * tax jurisdiction its invoices are taxed in ("DE", "US-CA"). The invoice run cuts the account's periods with
 * {@link #cycle()}; an account without a profile is not invoiced.
 */
public record BillingProfile(String tenantId, String accountId, BillingCycle cycle, String jurisdiction) {
    public BillingProfile {
        Objects.requireNonNull(cycle, "cycle");
        if (tenantId == null || tenantId.isBlank() || accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("a billing profile names its tenant and account");
        }
        if (jurisdiction == null || jurisdiction.isBlank() || jurisdiction.length() > 16) {
            throw new IllegalArgumentException("a billing profile names a tax jurisdiction of 1 to 16 characters");
        }
    }
}
