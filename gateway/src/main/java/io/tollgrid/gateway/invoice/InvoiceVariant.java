package io.tollgrid.gateway.invoice;

/**
 * SUMMARY: the invoice's lines (usage totalled by destination, as the rollups hold it, and the product charges)
 * and its totals. DETAIL: the same, then every call of the period from the CDR store.
 */
public enum InvoiceVariant { SUMMARY, DETAIL }
