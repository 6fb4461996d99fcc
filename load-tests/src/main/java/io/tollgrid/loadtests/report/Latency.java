package io.tollgrid.loadtests.report;

import org.HdrHistogram.Histogram;

/**
 * A latency summary in milliseconds, from a histogram recorded in microseconds.
 *
 * @param count requests recorded
 */
public record Latency(long count, double p50, double p99, double p999, double max) {
    public static Latency of(Histogram micros) {
        return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
                micros.getMaxValue() / 1000.0);
    }

    @Override
    public String toString() {
        return String.format("p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %8.2f ms  (n=%d)", p50, p99, p999, max, count);
    }
}
