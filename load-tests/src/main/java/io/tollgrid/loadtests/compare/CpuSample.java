package io.tollgrid.loadtests.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU ticks spent so far by each process of the system under test (with everything it started, see
 * {@link ProcStat#treeTicks}) and by the load generator, this JVM, at one moment.
 *
 * @param ticks          process name → ticks, for the processes that were there
 * @param generatorTicks this JVM's own utime+stime: its children are the systems under test, so not theirs
 */
record CpuSample(long nanos, Map<String, Long> ticks, long generatorTicks) {
    static CpuSample take(Map<String, Long> pids) {
        Map<Long, ProcStat> processes = ProcStat.all();
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Long spent = ProcStat.treeTicks(pid, processes);
            if (spent != null) {
                ticks.put(name, spent);
            }
        });
        ProcStat self = processes.get(ProcessHandle.current().pid());
        return new CpuSample(System.nanoTime(), ticks, self == null ? 0 : self.ownTicks());
    }
}
