/**
 * The tenant API: balance and CDR history of the tenant's own accounts. The tenant is whoever the API
 * key resolves to; an account of another tenant answers exactly like a missing one (404).
 */
package io.tollgrid.gateway.tenant;
