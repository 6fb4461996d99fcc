/**
 * The tenant's usage reports over a period in a time zone, read from the daily rollups
 * ({@link io.tollgrid.history.rollup.UsageReports}) and rendered as JSON, CSV, Excel (.xlsx) or PDF. Resolves
 * accounts through the tenant API only, so another tenant's account answers as a missing one; writes nothing.
 */
package io.tollgrid.gateway.reports;
