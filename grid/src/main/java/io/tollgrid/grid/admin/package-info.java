/**
 * Operator actions on reference data: tenants and their API keys, rate plans, accounts and balances.
 * Not on the hot path; each change is one client transaction.
 */
package io.tollgrid.grid.admin;
