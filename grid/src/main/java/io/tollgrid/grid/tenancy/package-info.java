/**
 * Tenants and their API keys. A key is stored only as its SHA-256, and resolves to exactly one tenant;
 * everything a tenant reads is filtered by that tenant id.
 */
package io.tollgrid.grid.tenancy;
