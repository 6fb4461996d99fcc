/**
 * Billing periods: the monthly or weekly cycle of an account, anchored on a day and cut at local midnight in
 * the tenant's time zone, turned into UTC instants. Pure and deterministic; recurring charges key their
 * transfers by a period's start date, and an invoice run can cut its periods with the same cycle. Knows
 * nothing of accounts, money or storage.
 */
package io.tollgrid.billing.period;
