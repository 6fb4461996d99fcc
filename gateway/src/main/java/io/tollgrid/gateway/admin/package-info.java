/** The admin API: tenants and their keys, rate plans, accounts. Guarded by the operator's admin key. */
package io.tollgrid.gateway.admin;
