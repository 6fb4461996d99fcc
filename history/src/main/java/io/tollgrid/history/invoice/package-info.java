/**
 * Invoices and credit notes: the invoice run that turns an account's billing period (its usage from the rollups,
 * the product charges the ledger holds, the tenant's tax rule) into a numbered document in Cassandra, gapless
 * numbers per tenant, statuses, credit notes and payment allocation (docs/back-office.md, "Invoices"). Reads
 * usage only through {@link io.tollgrid.history.rollup.UsageReports}; never moves money (the ledger's transfers
 * are given to it, and a payment's ledger transfer is the caller's).
 */
package io.tollgrid.history.invoice;
