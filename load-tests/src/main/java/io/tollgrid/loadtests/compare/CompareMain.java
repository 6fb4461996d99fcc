package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.cli.Args;
import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.loadtests.http.OpenLoopRun;
import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.ingest.IngestBenchmark;
import io.tollgrid.loadtests.rating.GeneratedDeck;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.ops.stack.LocalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side run: each system in turn is started on an empty data directory, provisioned with the same
 * accounts, warmed up, and driven at the same ascending fixed rates by the same open-loop generator; a system
 * is left at the first rate it cannot sustain. Each step also reads the CPU time of the system's processes
 * and of the generator, and Tollgrid's outbox backlog, at its end; after the warm-up, the system's CPU is read
 * for {@code --idle-seconds} (5) with no load, the part of every flow's share that does not grow with the rate. Prints the latency and CPU-per-flow
 * tables and the highest rate each system held under each p99 bound ({@code --p99-limits 5,10}), and
 * writes compare.csv and compare.png to the output directory.
 */
public final class CompareMain {
    private CompareMain() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        List<String> systems = Arrays.asList(args.text("systems", "empty,sql,tollgrid").split(","));
        double[] rates = Arrays.stream(args.text("rates", "100,250,500,1000,1500,2000,3000,4000").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int seconds = args.integer("seconds", 15);
        int warmup = args.integer("warmup", 15);
        // --p99-limit is the flag's older, single-bound name.
        List<Double> bounds = Arrays.stream(args.text("p99-limits", args.text("p99-limit", "5,10")).split(","))
                .map(Double::parseDouble).toList();
        int ingestCdrs = args.integer("ingest-cdrs", 30_000);
        int idleSeconds = args.integer("idle-seconds", 5);
        Path out = Path.of(args.text("out", "load-tests/target/compare")).toAbsolutePath();
        Files.createDirectories(out);
        Machine machine = Machine.now();
        System.out.println("machine: " + machine);
        long deckStarted = System.nanoTime();
        int deckSize = args.integer("deck", 1_000_000);
        List<String> prefixes = new GeneratedDeck(deckSize, 42).prefixes;
        System.out.printf("destinations: %d prefixes of the generated deck (%.1f s)%n", prefixes.size(),
                (System.nanoTime() - deckStarted) / 1e9);
        CallMix mix = new CallMix(args.integer("accounts", 10_000), args.integer("hot", 4), args.decimal("hot-share", 0.1),
                args.integer("broke", 100), args.decimal("broke-share", 0.05), args.decimal("unanswered", 0.2),
                args.decimal("mean-duration", 120), args.decimal("hold-ms-per-second", 5), prefixes);
        System.out.println("mix: " + mix.accounts() + " accounts, " + mix.hotAccounts() + " hot taking "
                + (int) (mix.hotShare() * 100) + "% of calls, " + (int) (mix.brokeShare() * 100)
                + "% of calls on accounts without credit, " + (int) (mix.unansweredShare() * 100)
                + "% unanswered, mean duration " + mix.meanDurationSecs() + " s held " + mix.holdMillisPerCallSecond()
                + " ms per call second");
        long ticksPerSecond = ProcStat.ticksPerSecond();
        List<Step> results = new ArrayList<>();
        Map<String, CpuUse> idle = new LinkedHashMap<>();
        List<IngestBenchmark.Result> ingest = new ArrayList<>();
        for (String name : systems) {
            try (SystemUnderTest system = system(name, out, args)) {
                System.out.println("\n== " + name + ": starting");
                long started = System.nanoTime();
                system.start();
                system.provision(mix);
                System.out.printf("== %s: up and provisioned in %.0f s; processes %s; warm-up %d s at %.0f/s%n", name,
                        (System.nanoTime() - started) / 1e9, system.processes(), warmup, rates[0]);
                boolean jfr = args.flag("jfr") && system instanceof TollgridSystem;
                if (jfr) {
                    ((TollgridSystem) system).startRecording();
                }
                try (OpenLoopRun generator = new OpenLoopRun("127.0.0.1", system.httpPort(), mix)) {
                    generator.run(name + "-warm", rates[0], warmup, true);
                    if (idleSeconds > 0) {
                        CpuSample before = CpuSample.take(system.processes());
                        Thread.sleep(idleSeconds * 1000L);
                        idle.put(name, CpuUse.between(before, CpuSample.take(system.processes()), 0, ticksPerSecond));
                        System.out.printf("  %-9s idle %d s: %.2f cores%n", name, idleSeconds,
                                idle.get(name).cores(idle.get(name).totalSeconds()));
                    }
                    for (double rate : rates) {
                        CpuSample before = CpuSample.take(system.processes());
                        StepResult step = generator.run(name, rate, seconds, true);
                        CpuSample after = CpuSample.take(system.processes());
                        CpuUse cpu = CpuUse.between(before, after, step.flows(), ticksPerSecond);
                        results.add(new Step(step, cpu, system.backlog()));
                        System.out.printf("  %-9s %6.0f/s offered: %7.0f/s achieved, authorise %s, errors %d, %.3f CPU-ms"
                                + " per flow%n", name, rate, step.achievedRate(), step.authorise(), step.errors(),
                                cpu.perFlow(cpu.totalSeconds()));
                        if (step.saturated()) {
                            System.out.println("  " + name + " saturated at " + rate + "/s; higher rates skipped");
                            break;
                        }
                    }
                }
                if (jfr) {
                    ((TollgridSystem) system).dumpRecording(out);
                }
                if (system instanceof TollgridSystem tollgrid && ingestCdrs > 0) {
                    System.out.println("== ingest: " + ingestCdrs + " CDRs");
                    ingest.addAll(IngestBenchmark.run(tollgrid.settings(), ingestCdrs));
                }
            }
        }
        Report.print(machine, results, idle, ingest, bounds, ticksPerSecond, out);
        Chart.write(results.stream().map(Step::load).toList(), bounds, machine + "; " + seconds + " s per rate",
                out.resolve("compare.png"));
        System.out.println("wrote " + out.resolve("compare.csv") + " and " + out.resolve("compare.png"));
        System.out.println("machine after: load average " + Machine.currentLoad());
        System.exit(0);
    }

    private static SystemUnderTest system(String name, Path out, Args args) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "empty" -> new FixedAnswerSystem(out);
            case "sql" -> new SqlSystem(out, args.integer("sql-pool", 16));
            case "tollgrid" -> new TollgridSystem(out, LocalStack.Shape.EMBEDDED);
            case "tollgrid-separate" -> new TollgridSystem(out, LocalStack.Shape.SEPARATE);
            default -> throw new IllegalArgumentException(
                    "--systems: unknown system '" + name + "' (empty, sql, tollgrid, tollgrid-separate)");
        };
    }
}
