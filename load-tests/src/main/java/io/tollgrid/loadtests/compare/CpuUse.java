package io.tollgrid.loadtests.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU spent during one step, in CPU milliseconds per flow answered.
 *
 * @param perProcess process name → ms per flow; NaN for a process that was not there at both ends
 * @param total      the system under test: the sum over its processes (the generator not included)
 * @param generator  the load generator, this JVM
 * @param cores      the system's CPU time over the step's wall time: how many cores it kept busy
 */
record CpuUse(Map<String, Double> perProcess, double total, double generator, double cores) {
    static CpuUse between(CpuSample start, CpuSample end, long flows, long ticksPerSecond) {
        Map<String, Double> perProcess = new LinkedHashMap<>();
        long systemTicks = 0;
        for (Map.Entry<String, Long> first : start.ticks().entrySet()) {
            Long last = end.ticks().get(first.getKey());
            if (last == null) {
                perProcess.put(first.getKey(), Double.NaN);
            } else {
                perProcess.put(first.getKey(), msPerFlow(last - first.getValue(), ticksPerSecond, flows));
                systemTicks += last - first.getValue();
            }
        }
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        return new CpuUse(perProcess, msPerFlow(systemTicks, ticksPerSecond, flows),
                msPerFlow(end.generatorTicks() - start.generatorTicks(), ticksPerSecond, flows),
                seconds > 0 ? systemTicks / (double) ticksPerSecond / seconds : Double.NaN);
    }

    static double msPerFlow(long ticks, long ticksPerSecond, long flows) {
        return flows <= 0 ? Double.NaN : ticks * 1000.0 / ticksPerSecond / flows;
    }
}
