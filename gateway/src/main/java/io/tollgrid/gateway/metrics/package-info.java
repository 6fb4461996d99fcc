/** Prometheus metrics of the gateway, on one explicit registry served at /metrics. */
package io.tollgrid.gateway.metrics;
