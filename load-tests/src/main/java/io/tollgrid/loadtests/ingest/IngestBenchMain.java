package io.tollgrid.loadtests.ingest;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.loadtests.cli.Args;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest benchmark alone ({@code load-tests/ingest-bench.sh --cdrs N [--jfr]}): starts the local stack on
 * ports of its own, runs {@link IngestBenchmark} and prints CDRs per second for each path. With {@code --jfr},
 * only the CDR file path runs, profiled in every process of the stack. With {@code --outbox-backlog N}, only
 * {@link IngestBenchmark#backlog}: N CDRs waiting in the outbox drained by ingest, against the raw driver's rate on
 * the same rows in the same run, and their ratio. With {@code --outbox-rate R [--seconds S]}: R stop events a second
 * into the outbox for S seconds, and the ingest process's CPU per CDR.
 */
public final class IngestBenchMain {
    private IngestBenchMain() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args = Args.parse(argv);
        int count = args.integer("cdrs", 30_000);
        int backlog = args.integer("outbox-backlog", 0);
        int rate = args.integer("outbox-rate", 0);
        Path dir = Path.of(args.text("dir", "load-tests/target/ingest-bench")).toAbsolutePath();
        StackSettings settings = new StackSettings(dir.resolve("stack"), FreePorts.next(), FreePorts.next(),
                FreePorts.nextRange(10), FreePorts.nextRange(50), FreePorts.nextRange(10), "ingest-bench-admin-key-0123");
        System.out.println("machine: " + Machine.now());
        List<IngestBenchmark.Result> results;
        try (LocalStack stack = LocalStack.start(settings, IngestBenchmark.STACK_CONFIG)) {
            System.out.println("stack up; " + (backlog > 0 ? backlog + " CDRs of outbox backlog" : count + " CDRs per path"));
            // With --jfr and --outbox-rate or --outbox-backlog: JFR (profile settings) in every process of the stack
            // during that run.
            boolean outboxJfr = args.flag("jfr") && (rate > 0 || backlog > 0);
            if (outboxJfr) {
                stack.pids().forEach(pid -> jcmd(pid, "JFR.start", "name=ingest-bench", "settings=profile"));
            }
            if (rate > 0) {
                IngestBenchmark.steady(settings, stack.ingestMetricsUrl(), rate, args.integer("seconds", 60));
                results = List.of();
            } else if (backlog > 0) {
                System.out.println("stack pids (Cassandra first, ingest last): " + stack.pids());
                results = IngestBenchmark.backlog(settings, backlog, stack.pids());
            } else if (args.flag("jfr")) {
                // The file path alone, with JFR (profile settings) in every process of the stack.
                stack.pids().forEach(pid -> jcmd(pid, "JFR.start", "name=ingest-bench", "settings=profile"));
                results = List.of(IngestBenchmark.filesOnly(settings, count));
                stack.pids().forEach(pid -> jcmd(pid, "JFR.dump", "name=ingest-bench", "filename=" + dir.resolve(pid + ".jfr")));
                System.out.println("JFR recordings of the stack (pids " + stack.pids() + ") in " + dir);
            } else {
                results = IngestBenchmark.run(settings, count);
            }
            if (outboxJfr) {
                stack.pids().forEach(pid -> jcmd(pid, "JFR.dump", "name=ingest-bench", "filename=" + dir.resolve(pid + ".jfr")));
                System.out.println("JFR recordings of the stack (pids " + stack.pids() + ") in " + dir);
            }
        }
        System.out.println("\nIngest into Cassandra:");
        for (IngestBenchmark.Result r : results) {
            System.out.printf("  %-50s %8.0f CDRs/s (%d in %.1f s, load %s)%n", r.path(), r.perSecond(), r.cdrs(),
                    r.seconds(), r.loadAvg());
        }
        if (backlog == 0 && rate == 0 && !args.flag("jfr")) {
            // run(): outbox, files, files with post=true, CdrStore.write, raw driver.
            double raw = results.get(results.size() - 1).perSecond();
            System.out.printf("%n  CDR files / raw driver = %.2f; CDR files with post=true / raw driver = %.2f (target >= 0.70)%n",
                    results.get(1).perSecond() / raw, results.get(2).perSecond() / raw);
        }
        if (backlog > 0) {
            // backlog(): the drain first, then CdrStore.write, then the raw driver, each on the same rows.
            double drain = results.get(0).perSecond();
            double raw = results.get(results.size() - 1).perSecond();
            System.out.printf("%n  backlog drain / raw driver = %.2f (target >= 0.70)%n", drain / raw);
        }
        System.exit(0);
    }

    private static void jcmd(long pid, String... command) {
        List<String> full = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        full.addAll(List.of(command));
        try {
            new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            System.err.println("jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
