/**
 * Billing accounts as the grid stores them: balance, pending reservations, credit limit, status and
 * rate plan. Values stored in Ignite are final classes rather than records because Ignite 2's binary
 * marshaller cannot write record fields (apache/ignite#13286).
 */
package io.tollgrid.grid.account;
