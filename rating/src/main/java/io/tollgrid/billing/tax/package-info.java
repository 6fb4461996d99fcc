/**
 * Taxes on an invoice's lines: rules per tenant and jurisdiction (a rate, prices inclusive or exclusive of it,
 * reverse charge) and a named rounding (per line or per invoice, with one of {@link io.tollgrid.money.Rounding}'s
 * modes, to the currency's precision). Pure and exact: amounts are {@link io.tollgrid.money.Money} micros and
 * every division goes through BigInteger with a named rounding, never a double. In the rating module, beside
 * the money it computes with, so an invoice run in any module can use it; it stores nothing and knows nothing
 * of accounts or the ledger.
 */
package io.tollgrid.billing.tax;
