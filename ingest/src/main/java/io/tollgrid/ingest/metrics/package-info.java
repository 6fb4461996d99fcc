/**
 * The ingest process's {@code /metrics} endpoint: the Prometheus counters the pipelines register in the
 * default registry, plus the JVM's. It reads counters only; it must not touch pipelines or stores.
 */
package io.tollgrid.ingest.metrics;
