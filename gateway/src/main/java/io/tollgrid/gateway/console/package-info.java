/**
 * The web console (/console/): its static pages, served from the classpath, and the NOC summary
 * ({@code GET /admin/noc}) that turns the gateway's, grid nodes' and ingest's own Prometheus endpoints into one
 * JSON document. The pages call only the public API with the key the user logged in with; this package holds no
 * tenant data and must not reach into the grid or Cassandra for the console.
 */
package io.tollgrid.gateway.console;
