/**
 * Invoices in the gateway: rendering a stored invoice or credit note as PDF or HTML in the tenant's language and
 * currency (summary and detail variants). Reads invoices through {@code io.tollgrid.history.invoice}; reuses the
 * reports' PDF writer. Moves no money.
 */
package io.tollgrid.gateway.invoice;
