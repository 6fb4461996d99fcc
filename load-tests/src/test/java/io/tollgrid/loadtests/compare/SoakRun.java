package io.tollgrid.loadtests.compare;

import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.session.FinishedCallsLoader;
import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.loadtests.http.OpenLoopRun;
import io.tollgrid.loadtests.http.StepResult;
import io.tollgrid.loadtests.rating.GeneratedDeck;
import io.tollgrid.loadtests.report.Machine;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak (issue 12, item 7; profile {@code soak}, never in the default build): the local stack as
 * {@code ./tollgrid up} runs it, already holding {@code tollgrid.soak.preload} finished calls (10 million by
 * default, written straight into the session store with their 24 h retention), then a constant
 * {@code tollgrid.soak.rate} flows/s (250) for {@code tollgrid.soak.minutes} (10) after a 90 s warm-up. It prints
 * authorise latency per {@code tollgrid.soak.interval.seconds} (30) so a stall shows where it happened, and
 * fails on any error or an authorise p99.9 over {@code tollgrid.soak.p999.limit.ms} (1,000).
 *
 * <pre>mvn -B install -DskipTests && mvn -B -pl load-tests verify -Psoak [-Dtollgrid.soak.preload=10000000]</pre>
 */
class SoakRun {
    @Test
    void holdsAConstantRateWithNoErrorOnAStackWithMillionsOfFinishedCalls() throws Exception {
        long preload = Long.getLong("tollgrid.soak.preload", 10_000_000L);
        double rate = Double.parseDouble(System.getProperty("tollgrid.soak.rate", "250"));
        int minutes = Integer.getInteger("tollgrid.soak.minutes", 10);
        int interval = Integer.getInteger("tollgrid.soak.interval.seconds", 30);
        double p999Limit = Double.parseDouble(System.getProperty("tollgrid.soak.p999.limit.ms", "1000"));
        Path out = Path.of("target", "soak").toAbsolutePath();
        Files.createDirectories(out);
        System.out.println("soak: machine " + Machine.now());
        CallMix mix = new CallMix(10_000, 4, 0.1, 100, 0.05, 0.2, 120, 5, new GeneratedDeck(100_000, 42).prefixes);
        try (TollgridSystem system = new TollgridSystem(out, LocalStack.Shape.EMBEDDED)) {
            long started = System.nanoTime();
            system.start();
            system.provision(mix);
            System.out.printf("soak: stack up and provisioned in %.0f s%n", (System.nanoTime() - started) / 1e9);

            long loadStarted = System.nanoTime();
            List<String> accounts = IntStream.range(0, mix.accounts()).mapToObj(CallMix::ordinary).toList();
            Settings stackConfig = Settings.load(system.settings().dir().resolve("stack.properties"), Map.of(), new Properties());
            try (Ignite loader = GridNodes.startClient(GridSettings.from(stackConfig, "tollgrid-soak-loader"))) {
                FinishedCallsLoader.load(loader, CallMix.TENANT, accounts, "preloaded", preload, 86_400_000L,
                        System.currentTimeMillis());
            }
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            System.out.printf("soak: preloaded %,d finished calls in %.0f s (%.0f/s)%n", preload, loadSeconds,
                    preload / Math.max(loadSeconds, 1e-9));

            List<OpenLoopRun.Interval> intervals = new ArrayList<>();
            StepResult soak;
            try (OpenLoopRun generator = new OpenLoopRun("127.0.0.1", system.httpPort(), mix)) {
                generator.run("warm-up", rate, 90, false);
                soak = generator.run("soak", rate, minutes * 60, false, interval, done -> {
                    intervals.add(done);
                    System.out.printf("soak: %4d s  authorise %s  authorised %,d  errors %d  open %d%n",
                            done.elapsedSeconds(), done.authorise(), done.authorisedSoFar(), done.errorsSoFar(), done.open());
                });
            }
            String summary = String.format("soak: %d min at %.0f flows/s (achieved %.1f) on %,d preloaded finished calls: "
                            + "authorise %s; start %s; stop %s; %d errors of %,d requests; load %s", minutes, rate,
                    soak.achievedRate(), preload, soak.authorise(), soak.start(), soak.stop(), soak.errors(),
                    soak.requests(), soak.loadAvg());
            System.out.println(summary);
            Files.writeString(out.resolve("soak.txt"), summary + "\n");
            assertEquals(0, soak.errors(), summary);
            assertTrue(soak.achievedRate() >= 0.95 * rate, summary);
            assertTrue(soak.authorise().p999() <= p999Limit, "p99.9 over " + p999Limit + " ms: " + summary);
        }
    }
}
