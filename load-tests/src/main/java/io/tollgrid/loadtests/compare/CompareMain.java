package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.cli.Args;
import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.loadtests.http.OpenLoopRun;
import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.ingest.IngestBenchmark;
import io.tollgrid.loadtests.rating.GeneratedDeck;
import io.tollgrid.loadtests.report.Machine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side run: each system in turn is started, provisioned with the same accounts, warmed up, and
 * driven at the same ascending fixed rates by the same open-loop generator; a system is left at the first
 * rate it cannot sustain. Prints a table, and writes compare.csv and compare.png to the output directory.
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
        double limit = args.decimal("p99-limit", 5.0);
        int ingestCdrs = args.integer("ingest-cdrs", 30_000);
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
        List<StepResult> results = new ArrayList<>();
        List<IngestBenchmark.Result> ingest = new ArrayList<>();
        for (String name : systems) {
            try (SystemUnderTest system = system(name, out, args)) {
                System.out.println("\n== " + name + ": starting");
                long started = System.nanoTime();
                system.start();
                system.provision(mix);
                System.out.printf("== %s: up and provisioned in %.0f s; warm-up %d s at %.0f/s%n", name,
                        (System.nanoTime() - started) / 1e9, warmup, rates[0]);
                boolean jfr = args.flag("jfr") && system instanceof TollgridSystem;
                if (jfr) {
                    ((TollgridSystem) system).startRecording();
                }
                try (OpenLoopRun generator = new OpenLoopRun("127.0.0.1", system.httpPort(), mix)) {
                    generator.run(name + "-warm", rates[0], warmup, true);
                    for (double rate : rates) {
                        StepResult step = generator.run(name, rate, seconds, true);
                        results.add(step);
                        System.out.printf("  %-9s %6.0f/s offered: %7.0f/s achieved, authorise %s, errors %d%n", name, rate,
                                step.achievedRate(), step.authorise(), step.errors());
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
        Report.print(machine, mix, results, ingest, limit, out);
        Chart.write(results, limit, machine + "; " + seconds + " s per rate", out.resolve("compare.png"));
        System.out.println("wrote " + out.resolve("compare.csv") + " and " + out.resolve("compare.png"));
        System.out.println("machine after: load average " + Machine.currentLoad());
        System.exit(0);
    }

    private static SystemUnderTest system(String name, Path out, Args args) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "empty" -> new FixedAnswerSystem(out);
            case "sql" -> new SqlSystem(out, args.integer("sql-pool", 16));
            case "tollgrid" -> new TollgridSystem(out);
            default -> throw new IllegalArgumentException("--systems: unknown system '" + name + "' (empty, sql, tollgrid)");
        };
    }
}
