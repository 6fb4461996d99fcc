package io.tollgrid.billing.tax;

/** Whether a line's amount is before tax (EXCLUSIVE: tax is added) or already holds it (INCLUSIVE: tax is extracted). */
public enum TaxTreatment {
    EXCLUSIVE, INCLUSIVE
}
