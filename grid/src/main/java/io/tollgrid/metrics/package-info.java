/**
 * The Prometheus endpoint grid nodes and ingest serve ({@code GET /metrics}); the gateway serves its own
 * through Vert.x.
 */
package io.tollgrid.metrics;
