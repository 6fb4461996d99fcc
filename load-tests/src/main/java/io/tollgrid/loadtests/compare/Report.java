package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.ingest.IngestBenchmark;
import io.tollgrid.loadtests.report.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table on stdout and compare.csv. */
final class Report {
    private Report() {
    }

    static void print(Machine machine, CallMix mix, List<StepResult> results, List<IngestBenchmark.Result> ingest,
                      double limit, Path out) throws IOException {
        System.out.println("\n=== Results (" + machine + ")");
        System.out.printf("%-9s %8s %9s %9s %9s %9s %9s %9s %8s %8s %7s  %s%n", "system", "offered", "achieved",
                "auth p50", "auth p99", "auth p99.9", "start p99", "stop p99", "allowed", "denied", "errors", "load");
        Map<String, StepResult> held = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("system,offered_flows_per_s,achieved_flows_per_s,auth_p50_ms,auth_p99_ms,"
                + "auth_p999_ms,auth_max_ms,start_p50_ms,start_p99_ms,stop_p50_ms,stop_p99_ms,stop_p999_ms,allowed,denied,"
                + "errors,requests,held_p99_le_" + limit + "ms,load_avg\n");
        for (StepResult r : results) {
            held.putIfAbsent(r.system(), null);
            if (r.held(limit) && (held.get(r.system()) == null || held.get(r.system()).targetRate() < r.targetRate())) {
                held.put(r.system(), r);
            }
            System.out.printf("%-9s %8.0f %9.0f %9.2f %9.2f %9.2f %9.2f %9.2f %8d %8d %7d  %s%n", r.system(), r.targetRate(),
                    r.achievedRate(), r.authorise().p50(), r.authorise().p99(), r.authorise().p999(), r.start().p99(),
                    r.stop().p99(), r.allowed(), r.denied(), r.errors(), r.loadAvg());
            csv.append(String.format(Locale.ROOT, "%s,%.0f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%s,%s%n",
                    r.system(), r.targetRate(), r.achievedRate(), r.authorise().p50(), r.authorise().p99(),
                    r.authorise().p999(), r.authorise().max(), r.start().p50(), r.start().p99(), r.stop().p50(),
                    r.stop().p99(), r.stop().p999(), r.allowed(), r.denied(), r.errors(), r.requests(), r.held(limit),
                    r.loadAvg().replace(' ', '/')));
        }
        System.out.println("\nHighest offered rate held (≥95% achieved, ≤0.1% errors, authorise p99 ≤ " + limit + " ms):");
        held.forEach((system, best) -> System.out.printf("  %-9s %s%n", system, best == null ? "none of the rates tried"
                : String.format("%.0f call flows/s (about %.0f HTTP requests/s), authorise p99 %.2f ms", best.targetRate(),
                best.targetRate() * best.requests() / Math.max(1.0, best.allowed() + best.denied()), best.authorise().p99())));
        if (!ingest.isEmpty()) {
            System.out.println("\nIngest into Cassandra (same rows):");
            csv.append("\ningest_path,cdrs,seconds,cdrs_per_s,load_avg\n");
            for (IngestBenchmark.Result r : ingest) {
                System.out.printf("  %-50s %8.0f CDRs/s (%d in %.1f s, load %s)%n", r.path(), r.perSecond(), r.cdrs(),
                        r.seconds(), r.loadAvg());
                csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.0f,%s%n", r.path(), r.cdrs(), r.seconds(),
                        r.perSecond(), r.loadAvg().replace(' ', '/')));
            }
        }
        Files.writeString(out.resolve("compare.csv"), csv);
    }
}
