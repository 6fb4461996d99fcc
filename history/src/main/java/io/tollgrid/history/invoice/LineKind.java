package io.tollgrid.history.invoice;

/**
 * USAGE: calls to one destination over the period (from the rollups); EXTENSION_USAGE and DEPARTMENT_USAGE: the calls
 * of one extension or department (a tenant's {@link InvoiceSettings.UsageBy}; the description is the extension or
 * department, empty for calls that name none); CHARGE: a product's recurring or one-off fee (a ledger CHARGE).
 */
public enum LineKind {
    USAGE, CHARGE, EXTENSION_USAGE, DEPARTMENT_USAGE;

    /** Whether the line bills calls (any grouping), as against a fee. */
    public boolean isUsage() {
        return this != CHARGE;
    }
}
