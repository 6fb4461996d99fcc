package io.tollgrid.loadtests.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU spent between two samples.
 *
 * @param seconds          process name → CPU seconds; NaN for a process that was not there at both ends
 * @param generatorSeconds the load generator's, this JVM's, CPU seconds
 * @param wallSeconds      wall time between the samples
 * @param flows            flows answered in that time (0 for an idle reading)
 */
record CpuUse(Map<String, Double> seconds, double generatorSeconds, double wallSeconds, long flows) {
    static CpuUse between(CpuSample start, CpuSample end, long flows, long ticksPerSecond) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        start.ticks().forEach((name, first) -> {
            Long last = end.ticks().get(name);
            seconds.put(name, last == null ? Double.NaN : (last - first) / (double) ticksPerSecond);
        });
        return new CpuUse(seconds, (end.generatorTicks() - start.generatorTicks()) / (double) ticksPerSecond,
                (end.nanos() - start.nanos()) / 1e9, flows);
    }

    /** The system under test's CPU seconds: its processes that were there at both ends (the generator not included). */
    double totalSeconds() {
        return seconds.values().stream().filter(s -> !Double.isNaN(s)).mapToDouble(Double::doubleValue).sum();
    }

    /** CPU milliseconds per flow answered; NaN without flows. */
    double perFlow(double cpuSeconds) {
        return flows <= 0 ? Double.NaN : cpuSeconds * 1000 / flows;
    }

    /** How many cores the CPU seconds kept busy over the wall time. */
    double cores(double cpuSeconds) {
        return wallSeconds > 0 ? cpuSeconds / wallSeconds : Double.NaN;
    }
}
