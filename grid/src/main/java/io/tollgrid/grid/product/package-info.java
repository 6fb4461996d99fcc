/**
 * Products and their charges: a price list of recurring fees (a number's rental, a monthly fee) and one-off
 * fees (a setup fee), products assigned to accounts, and the charge run that posts each due charge to the
 * ledger as a CHARGE transfer keyed by (product, account, period), so a re-run, two runs at once or a run that
 * died half-way charge each period once. Owns the {@code products} and {@code product_assignments} caches (the
 * assignments colocated with their account); moves money only through
 * {@link io.tollgrid.grid.charging.ChargingClient}. Periods come from {@link io.tollgrid.billing.period}.
 */
package io.tollgrid.grid.product;
