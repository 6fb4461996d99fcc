/**
 * The tenant's CDR search and export: filters, cursor paging and a streamed CSV of a range, over
 * {@link io.tollgrid.history.CdrStore}. Reaches only accounts {@link io.tollgrid.gateway.tenant.TenantApi} resolves
 * for the calling tenant; it never touches the grid's balances.
 */
package io.tollgrid.gateway.cdrs;
