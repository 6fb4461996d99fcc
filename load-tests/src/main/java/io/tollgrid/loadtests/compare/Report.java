package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.ingest.IngestBenchmark;
import io.tollgrid.loadtests.report.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/** The tables on stdout (latency, CPU per flow, highest rate held per bound) and compare.csv. */
final class Report {
    /** The ratios issue 12 sets targets for: Tollgrid's highest rate held over another system's, at one bound. */
    record Ratio(String system, String baseline, double boundMillis) {
    }

    private static final List<Ratio> TARGETS = List.of(new Ratio("tollgrid", "sql", 10), new Ratio("tollgrid", "empty", 5));

    private Report() {
    }

    /**
     * @param idle CPU of each system with no load, read after its warm-up: what every flow's share includes at
     *             low rates
     */
    static void print(Machine machine, List<Step> steps, Map<String, CpuUse> idle, List<IngestBenchmark.Result> ingest,
                      List<Double> bounds, long ticksPerSecond, Path out) throws IOException {
        List<StepResult> loads = steps.stream().map(Step::load).toList();
        List<String> systems = loads.stream().map(StepResult::system).distinct().toList();
        String held = "held ≤ms";
        System.out.println("\n=== Authorise latency, ms (" + machine + ")");
        System.out.printf("%-9s %8s %9s %9s %9s %10s %9s %9s %8s %8s %7s %8s %-9s %s%n", "system", "offered", "achieved",
                "auth p50", "auth p99", "auth p99.9", "start p99", "stop p99", "allowed", "denied", "errors", "outbox",
                held, "load");
        for (Step step : steps) {
            StepResult r = step.load();
            System.out.printf("%-9s %8.0f %9.0f %9.2f %9.2f %10.2f %9.2f %9.2f %8d %8d %7d %8s %-9s %s%n", r.system(),
                    r.targetRate(), r.achievedRate(), r.authorise().p50(), r.authorise().p99(), r.authorise().p999(),
                    r.start().p99(), r.stop().p99(), r.allowed(), r.denied(), r.errors(), backlog(step),
                    heldUnder(r, bounds), r.loadAvg());
        }
        System.out.println("\n=== CPU per flow: CPU-ms per flow answered (ALLOW or DENY), utime+stime over the step's"
                + " sending and draining, " + ticksPerSecond + " ticks/s; generator not in total");
        System.out.printf("%-9s %8s %8s %-9s %9s %6s %10s  %s%n", "system", "offered", "flows", held, "total ms", "cores",
                "generator", "per process, ms");
        for (Step step : steps) {
            StepResult r = step.load();
            CpuUse cpu = step.cpu();
            System.out.printf("%-9s %8.0f %8d %-9s %9.3f %6.2f %10.3f  %s%n", r.system(), r.targetRate(), r.flows(),
                    heldUnder(r, bounds), cpu.perFlow(cpu.totalSeconds()), cpu.cores(cpu.totalSeconds()),
                    cpu.perFlow(cpu.generatorSeconds()), byProcess(cpu, cpu::perFlow, " ", ", "));
        }
        idle.forEach((system, cpu) -> System.out.printf("  %-9s idle for %.0f s after the warm-up: %.3f cores (%s)%n", system,
                cpu.wallSeconds(), cpu.cores(cpu.totalSeconds()), byProcess(cpu, cpu::cores, " ", ", ")));
        for (double bound : bounds) {
            System.out.println("\nHighest offered rate held (≥95% achieved, ≤0.1% errors, authorise p99 ≤ " + ms(bound) + " ms):");
            for (String system : systems) {
                Optional<Step> best = StepResult.highestHeld(loads, system, bound)
                        .flatMap(r -> steps.stream().filter(s -> s.load() == r).findFirst());
                System.out.printf("  %-9s %s%n", system, best.isEmpty() ? "none of the rates tried" : String.format(
                        "%.0f call flows/s (about %.0f HTTP requests/s), authorise p99 %.2f ms, %.3f CPU-ms per flow",
                        best.get().load().targetRate(), best.get().load().targetRate() * best.get().load().requests()
                                / Math.max(1.0, best.get().load().flows()), best.get().load().authorise().p99(),
                        best.get().cpu().perFlow(best.get().cpu().totalSeconds())));
            }
        }
        System.out.println("\nRatios issue 12 targets (highest rates held, so only as fine as the rates tried):");
        for (Ratio ratio : TARGETS) {
            System.out.printf("  %s/%s at p99 ≤ %s ms: %s%n", ratio.system(), ratio.baseline(), ms(ratio.boundMillis()),
                    ratio(loads, systems, bounds, ratio));
        }
        StringBuilder csv = new StringBuilder("system,offered_flows_per_s,achieved_flows_per_s,auth_p50_ms,auth_p99_ms,"
                + "auth_p999_ms,auth_max_ms,start_p50_ms,start_p99_ms,stop_p50_ms,stop_p99_ms,stop_p999_ms,allowed,denied,"
                + "errors,requests,outbox_entries,");
        bounds.forEach(bound -> csv.append("held_p99_le_").append(ms(bound)).append("ms,"));
        csv.append("cpu_ms_per_flow,cpu_cores,generator_cpu_ms_per_flow,cpu_ms_per_flow_by_process,load_avg\n");
        for (Step step : steps) {
            StepResult r = step.load();
            csv.append(String.format(Locale.ROOT, "%s,%.0f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%s,",
                    r.system(), r.targetRate(), r.achievedRate(), r.authorise().p50(), r.authorise().p99(),
                    r.authorise().p999(), r.authorise().max(), r.start().p50(), r.start().p99(), r.stop().p50(),
                    r.stop().p99(), r.stop().p999(), r.allowed(), r.denied(), r.errors(), r.requests(),
                    step.backlog().isPresent() ? Long.toString(step.backlog().getAsLong()) : ""));
            bounds.forEach(bound -> csv.append(r.held(bound)).append(','));
            CpuUse cpu = step.cpu();
            csv.append(String.format(Locale.ROOT, "%.4f,%.3f,%.4f,%s,%s%n", cpu.perFlow(cpu.totalSeconds()),
                    cpu.cores(cpu.totalSeconds()), cpu.perFlow(cpu.generatorSeconds()), byProcess(cpu, cpu::perFlow, "=", ";"),
                    r.loadAvg().replace(' ', '/')));
        }
        csv.append("\nidle_system,seconds,cpu_cores,cpu_cores_by_process\n");
        idle.forEach((system, cpu) -> csv.append(String.format(Locale.ROOT, "%s,%.1f,%.3f,%s%n", system, cpu.wallSeconds(),
                cpu.cores(cpu.totalSeconds()), byProcess(cpu, cpu::cores, "=", ";"))));
        if (!ingest.isEmpty()) {
            System.out.println("\nIngest into Cassandra (same rows; 'of raw' is the rate over the raw driver's in this run,"
                    + " the issue's target for the file path with post=true is >= 0.70):");
            csv.append("\ningest_path,cdrs,seconds,cdrs_per_s,of_raw_driver,load_avg\n");
            double raw = ingest.stream().filter(r -> r.path().startsWith("raw driver")).mapToDouble(IngestBenchmark.Result::perSecond)
                    .findFirst().orElse(Double.NaN);
            for (IngestBenchmark.Result r : ingest) {
                System.out.printf("  %-70s %8.0f CDRs/s, %.2f of raw (%d in %.1f s, load %s)%n", r.path(), r.perSecond(),
                        r.perSecond() / raw, r.cdrs(), r.seconds(), r.loadAvg());
                csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.0f,%.2f,%s%n", r.path(), r.cdrs(), r.seconds(),
                        r.perSecond(), r.perSecond() / raw, r.loadAvg().replace(' ', '/')));
            }
        }
        Files.writeString(out.resolve("compare.csv"), csv);
    }

    static String ratio(List<StepResult> loads, List<String> systems, List<Double> bounds, Ratio ratio) {
        if (!systems.contains(ratio.system()) || !systems.contains(ratio.baseline()) || !bounds.contains(ratio.boundMillis())) {
            return "not measured in this run (needs both systems and that bound in --p99-limits)";
        }
        Optional<StepResult> ours = StepResult.highestHeld(loads, ratio.system(), ratio.boundMillis());
        Optional<StepResult> theirs = StepResult.highestHeld(loads, ratio.baseline(), ratio.boundMillis());
        if (theirs.isEmpty()) {
            return "undefined: " + ratio.baseline() + " held none of the rates tried";
        }
        double base = theirs.get().targetRate();
        if (ours.isEmpty()) {
            double lowest = loads.stream().filter(r -> r.system().equals(ratio.system()))
                    .mapToDouble(StepResult::targetRate).min().orElseThrow();
            return String.format("below %.2f (%s held none, not even %.0f flows/s; %s %.0f flows/s)", lowest / base,
                    ratio.system(), lowest, ratio.baseline(), base);
        }
        return String.format("%.2f (%s %.0f / %s %.0f flows/s)", ours.get().targetRate() / base, ratio.system(),
                ours.get().targetRate(), ratio.baseline(), base);
    }

    /** The bounds a step held, "5,10"; "-" for none. */
    private static String heldUnder(StepResult r, List<Double> bounds) {
        String held = bounds.stream().filter(r::held).map(Report::ms).collect(Collectors.joining(","));
        return held.isEmpty() ? "-" : held;
    }

    private static String backlog(Step step) {
        return step.backlog().isPresent() ? Long.toString(step.backlog().getAsLong()) : "-";
    }

    /** "grid 1.200, ingest 0.300": {@code per} of each process's CPU seconds; "-" for a process gone by the end. */
    private static String byProcess(CpuUse cpu, DoubleUnaryOperator per, String pair, String separator) {
        return cpu.seconds().entrySet().stream().map(e -> e.getKey() + pair
                + (Double.isNaN(e.getValue()) ? "-" : String.format(Locale.ROOT, "%.3f", per.applyAsDouble(e.getValue()))))
                .collect(Collectors.joining(separator));
    }

    /** 5.0 as "5", 2.5 as "2.5". */
    static String ms(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
