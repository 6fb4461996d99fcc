package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.report.Latency;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuAndBoundsTest {
    @Test
    void statFieldsAreReadAfterTheLastParenthesisOfTheCommandName() {
        // comm may hold spaces and parentheses: here "a) R 1 (b" would shift every field if split naively.
        String line = "4242 (a) R 1 (b) S 17 4242 4242 0 -1 4194560 1234 0 5 0 731 268 40 9 20 0 31 0 5967 3133440 413";
        ProcStat stat = ProcStat.parse(line);
        assertEquals(new ProcStat(4242, 17, 731, 268, 40, 9), stat);
        assertEquals(999, stat.ownTicks());
        assertEquals(1048, stat.withReapedChildren());
    }

    @Test
    void thisProcessIsFoundWithItsParent() {
        ProcStat self = ProcStat.all().get(ProcessHandle.current().pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), self.ppid());
    }

    @Test
    void treeTicksCountLiveDescendantsAndReapedChildrenOnce() {
        Map<Long, ProcStat> processes = Map.of(
                10L, new ProcStat(10, 1, 100, 20, 500, 50),   // postmaster; 550 ticks of exited backends
                11L, new ProcStat(11, 10, 30, 10, 0, 0),      // a live backend
                12L, new ProcStat(12, 11, 5, 1, 2, 2),        // a grandchild, with a reaped child of its own
                20L, new ProcStat(20, 1, 9999, 9999, 0, 0));  // not in the tree
        assertEquals(100 + 20 + 500 + 50 + 30 + 10 + 5 + 1 + 2 + 2, ProcStat.treeTicks(10, processes));
        assertEquals(40 + 10, ProcStat.treeTicks(11, processes));
        assertNull(ProcStat.treeTicks(99, processes));
    }

    @Test
    void cpuPerFlowIsTheTickDeltaInMillisecondsOverFlows() {
        CpuSample start = new CpuSample(0, ordered("grid", 100L, "gateway", 50L, "ingest", 7L), 10);
        CpuSample end = new CpuSample(2_000_000_000L, ordered("grid", 300L, "gateway", 150L), 30);
        CpuUse use = CpuUse.between(start, end, 1000, 100);
        assertEquals(2.0, use.perFlow(use.seconds().get("grid")), 1e-9);     // 200 ticks = 2,000 ms over 1,000 flows
        assertEquals(1.0, use.perFlow(use.seconds().get("gateway")), 1e-9);
        assertTrue(Double.isNaN(use.seconds().get("ingest")));               // gone by the end: shown, not summed
        assertEquals(3.0, use.totalSeconds(), 1e-9);
        assertEquals(3.0, use.perFlow(use.totalSeconds()), 1e-9);
        assertEquals(0.2, use.perFlow(use.generatorSeconds()), 1e-9);
        assertEquals(1.5, use.cores(use.totalSeconds()), 1e-9);              // 3 CPU-s in 2 s of wall time
        assertEquals(0.5, use.cores(use.seconds().get("gateway")), 1e-9);
        CpuUse idle = CpuUse.between(start, end, 0, 100);
        assertTrue(Double.isNaN(idle.perFlow(idle.totalSeconds())));
        assertEquals(1.5, idle.cores(idle.totalSeconds()), 1e-9);
    }

    @Test
    void highestRateHeldIsTheHighestStepWithinEveryRuleAtThatBound() {
        List<StepResult> steps = List.of(
                step("sql", 100, 100, 3.0, 0),
                step("sql", 250, 250, 4.0, 0),
                step("sql", 500, 500, 6.0, 0),     // within 10 ms, not 5
                step("sql", 750, 700, 3.0, 0),     // under 95% achieved
                step("sql", 1000, 1000, 4.5, 5),   // too many errors (more than 0.1% of 3,000 requests, and 1)
                step("sql", 1500, 1500, 9.0, 3),   // 0.1% errors is allowed; held at 10 after failing at 750 and 1000
                step("tollgrid", 2000, 2000, 1.0, 0));
        assertEquals(250.0, rate(StepResult.highestHeld(steps, "sql", 5)));
        assertEquals(1500.0, rate(StepResult.highestHeld(steps, "sql", 10)));
        assertEquals(2000.0, rate(StepResult.highestHeld(steps, "tollgrid", 5)));
        assertTrue(StepResult.highestHeld(steps, "sql", 2).isEmpty());
        assertTrue(StepResult.highestHeld(steps, "empty", 10).isEmpty());
    }

    @Test
    void ratiosCompareHighestRatesHeldAtTheirBound() {
        List<StepResult> steps = List.of(step("tollgrid", 100, 100, 8, 0), step("tollgrid", 250, 250, 9, 0),
                step("tollgrid", 500, 500, 40, 0), step("sql", 250, 250, 4, 0), step("sql", 500, 500, 7, 0),
                step("empty", 2000, 2000, 3, 0));
        List<String> systems = List.of("tollgrid", "sql", "empty");
        List<Double> bounds = List.of(5.0, 10.0);
        assertEquals("0.50 (tollgrid 250 / sql 500 flows/s)",
                Report.ratio(steps, systems, bounds, new Report.Ratio("tollgrid", "sql", 10)));
        assertEquals("below 0.05 (tollgrid held none, not even 100 flows/s; empty 2000 flows/s)",
                Report.ratio(steps, systems, bounds, new Report.Ratio("tollgrid", "empty", 5)));
        assertTrue(Report.ratio(steps, systems, List.of(5.0), new Report.Ratio("tollgrid", "sql", 10)).startsWith("not measured"));
    }

    @Test
    void outboxGaugeIsReadFromPrometheusText() {
        String text = "# HELP tollgrid_grid_outbox_entries Rated CDRs\n# TYPE tollgrid_grid_outbox_entries gauge\n"
                + "tollgrid_grid_outbox_entries_other 7.0\ntollgrid_grid_outbox_entries 42.0\n";
        assertEquals(42.0, TollgridSystem.gauge(text, "tollgrid_grid_outbox_entries"));
        assertEquals(5.0, TollgridSystem.gauge("m{node=\"a\"} 2.0\nm{node=\"b\"} 3.0 1700000000\n", "m"));
        assertNull(TollgridSystem.gauge(text, "tollgrid_grid_live_sessions"));
        assertEquals("5", Report.ms(5.0));
        assertEquals("2.5", Report.ms(2.5));
    }

    private static StepResult step(String system, double offered, double achieved, double p99, long errors) {
        Latency latency = new Latency(1000, 1.0, p99, p99, p99);
        return new StepResult(system, offered, achieved, latency, latency, latency, 900, 100, errors, 3000, "0.1 0.1 0.1");
    }

    private static double rate(Optional<StepResult> step) {
        return step.orElseThrow().targetRate();
    }

    private static Map<String, Long> ordered(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return map;
    }
}
