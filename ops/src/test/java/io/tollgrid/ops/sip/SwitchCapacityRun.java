package io.tollgrid.ops.sip;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Capacity of the real-switch path on this machine: SIPp → Kamailio → gateway → grid, with CDRs through
 * ingest to Cassandra, at rising call rates. Each step uses fresh accounts and is audited like
 * {@link SwitchEndToEndTest} (one CDR per connected call, exact balances, nothing left reserved); the ladder stops at
 * the first step with a failed call or a billing problem and reports the highest clean rate. The ladder starts
 * low because cold JVMs (gateway, grid) are slow at first: a cold first step at 100 calls/s failed where the same
 * rate after warm-up ran clean.
 *
 * <p>Then, with the stack closed, the same ladder against an {@link EmptyEndpoint} (same integration, SIPp and
 * Kamailio cfg): the ceiling SIPp and Kamailio allow on this box, clean while SIPp fails no call and logs no
 * unexpected message. The report gives Tollgrid's highest clean rate as a share of that ceiling.
 *
 * <p>Not part of the default build (the name does not match the surefire includes). Run it with
 * {@code mvn -B -pl ops verify -Pcapacity}; {@code -Dtollgrid.capacity.rates=100,200} and
 * {@code -Dtollgrid.capacity.seconds=10} change the steps (docs/switch-integration.md, Capacity).
 */
class SwitchCapacityRun {
    private static final Tariff TARIFF = new Tariff("capacity-flat", Tariff.micros("0.01"), Tariff.micros("0.07"));
    private static final long FUNDED = Tariff.micros("1000");
    private static final long POOR = Tariff.micros("0.005");
    private static final long CUT = Tariff.micros("0.0125");

    /** One step of a ladder: its rate, whether it ran clean, and a line for the report. */
    interface Rung {
        int rate();

        boolean clean();

        String line();
    }

    /** One step of a ladder, run at {@code rate} calls/s. */
    interface Climb<S extends Rung> {
        S step(int rate) throws IOException, InterruptedException;
    }

    record Step(int rate, int calls, long elapsedMillis, int sippExit, int unexpected, BillingAudit.Result audit)
            implements Rung {
        @Override
        public boolean clean() {
            return sippExit == 0 && audit.clean() && audit.failed() == 0;
        }

        @Override
        public String line() {
            return String.format("%5d calls/s  %6d calls in %6d ms  SIPp exit %d, %d unexpected  %s  -> %s", rate, calls,
                    elapsedMillis, sippExit, unexpected, audit.summary(), clean() ? "CLEAN" : "FAILED");
        }
    }

    /** A step against the empty endpoint: every call is allowed, so each one must connect and end by its BYE. */
    record EmptyStep(int rate, int calls, long elapsedMillis, int sippExit, int connected, int failed, int unexpected,
                     long allowed) implements Rung {
        @Override
        public boolean clean() {
            return sippExit == 0 && connected == calls && failed == 0 && unexpected == 0;
        }

        @Override
        public String line() {
            return String.format("%5d calls/s  %6d calls in %6d ms  SIPp exit %d  %d connected, %d failed by SIPp,"
                            + " %d unexpected, %d authorise answered  -> %s", rate, calls, elapsedMillis, sippExit, connected,
                    failed, unexpected, allowed, clean() ? "CLEAN" : "FAILED");
        }
    }

    @Test
    void reportsTheHighestRateWithNoFailedCallAndExactBalancesAsAShareOfTheEmptyEndpoints() throws Exception {
        int[] rates = Arrays.stream(System.getProperty("tollgrid.capacity.rates", "25,50,100,200,400,600,800,1000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("tollgrid.capacity.seconds", 10);
        SwitchRig.Integration integration = SwitchRig.Integration.fromProperty();
        List<Step> steps;
        Path results;
        try (SwitchRig rig = SwitchRig.start("switch-capacity", TARIFF, integration)) {
            results = rig.dir().resolve("capacity.txt");
            steps = climb(rates, "tollgrid (" + integration + ")", results, rate -> step(rig, rate, seconds));
        }
        List<EmptyStep> emptySteps;
        try (SwitchRig empty = SwitchRig.startEmpty("switch-capacity-empty", integration)) {
            emptySteps = climb(rates, "empty endpoint (" + integration + ")", results, rate -> emptyStep(empty, rate, seconds));
        }
        int best = steps.stream().filter(Step::clean).mapToInt(Step::rate).max().orElse(0);
        int ceiling = emptySteps.stream().filter(EmptyStep::clean).mapToInt(EmptyStep::rate).max().orElse(0);
        boolean ceilingAtTop = emptySteps.size() == rates.length && emptySteps.get(emptySteps.size() - 1).clean();
        StringBuilder summary = new StringBuilder("switch capacity (" + integration + ", " + seconds + " s per step, "
                + Runtime.getRuntime().availableProcessors() + " cores):\n  Tollgrid:\n");
        steps.forEach(step -> summary.append("    ").append(step.line()).append('\n'));
        summary.append("  empty endpoint:\n");
        emptySteps.forEach(step -> summary.append("    ").append(step.line()).append('\n'));
        summary.append("  highest clean rate: Tollgrid ").append(best).append(" calls/s, empty endpoint ")
                .append(ceilingAtTop ? "at least " : "").append(ceiling).append(" calls/s");
        if (ceiling > 0) {
            summary.append(String.format("; Tollgrid's share %s%.0f%%", ceilingAtTop ? "at most " : "", 100.0 * best / ceiling));
        }
        if (ceilingAtTop) {
            summary.append(" (the empty endpoint was clean at the top of the ladder: add higher rates to find its ceiling)");
        }
        report(results, summary + "\n  results in " + results);
        assertTrue(best > 0, "no rate ran clean:\n" + String.join("\n", steps.stream().map(Step::line).toList()));
        assertTrue(ceiling > 0, "no rate ran clean against the empty endpoint:\n"
                + String.join("\n", emptySteps.stream().map(EmptyStep::line).toList()));
    }

    /** Runs the steps in order until the first one that is not clean, reporting each. */
    private static <S extends Rung> List<S> climb(int[] rates, String who, Path results, Climb<S> climb)
            throws IOException, InterruptedException {
        List<S> steps = new ArrayList<>();
        for (int rate : rates) {
            S step = climb.step(rate);
            steps.add(step);
            report(results, who + ": " + step.line());
            if (!step.clean()) {
                break;
            }
        }
        return steps;
    }

    private static void report(Path results, String text) throws IOException {
        System.out.println("switch capacity: " + text);
        Files.writeString(results, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** rate x seconds calls of 1-2 s each, for accounts the empty endpoint has never heard of and allows all the same. */
    private static EmptyStep emptyStep(SwitchRig rig, int rate, int seconds) {
        int calls = rate * seconds;
        Random random = new Random(rate);
        List<SippCalls.PlannedCall> plan = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            plan.add(new SippCalls.PlannedCall("empty" + rate + "-f" + random.nextInt(Math.max(20, calls / 100)),
                    "442071234567", false, 1000 + random.nextInt(1001)));
        }
        EmptyEndpoint endpoint = rig.emptyEndpoint().orElseThrow();
        long allowedBefore = endpoint.allowed();
        SippCalls.UacRun run = rig.place("empty" + rate, plan, rate, Duration.ofSeconds(seconds + 90L));
        int connected = (int) run.outcomes().values().stream().filter(SippCalls.Outcome::connected).count();
        return new EmptyStep(rate, calls, run.elapsed().toMillis(), run.exitCode(), connected,
                calls - run.outcomes().size(), run.unexpected(), endpoint.allowed() - allowedBefore);
    }

    /** rate x seconds calls: 90% allowed (1-2 s), 4% unknown, 4% without credit, 2% cut at max duration. */
    private static Step step(SwitchRig rig, int rate, int seconds) throws IOException, InterruptedException {
        int calls = rate * seconds;
        String prefix = "cap" + rate + "-";
        Random random = new Random(rate);
        Map<String, Long> accounts = new HashMap<>();
        List<String> funded = new ArrayList<>();
        int fundedAccounts = Math.max(20, calls / 100);
        for (int i = 0; i < fundedAccounts; i++) {
            String id = prefix + "f" + i;
            rig.createAccount(id, TARIFF.planId(), FUNDED, 0, true);
            accounts.put(id, FUNDED);
            funded.add(id);
        }
        List<String> poor = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = prefix + "p" + i;
            rig.createAccount(id, TARIFF.planId(), POOR, 0, false);
            accounts.put(id, POOR);
            poor.add(id);
        }
        List<SippCalls.PlannedCall> plan = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int kind = random.nextInt(100);
            if (kind < 2) {
                String id = prefix + "c" + i;
                rig.createAccount(id, TARIFF.planId(), CUT, 0, false);
                accounts.put(id, CUT);
                plan.add(new SippCalls.PlannedCall(id, "442071234567", true, 0));
            } else if (kind < 6) {
                plan.add(new SippCalls.PlannedCall(prefix + "unknown" + i, "442071234567", false, 1000));
            } else if (kind < 10) {
                plan.add(new SippCalls.PlannedCall(poor.get(random.nextInt(poor.size())), "442071234567", false, 1000));
            } else {
                plan.add(new SippCalls.PlannedCall(funded.get(random.nextInt(funded.size())), "442071234567", false,
                        1000 + random.nextInt(1001)));
            }
        }
        Collections.shuffle(plan, random);
        SippCalls.UacRun run = rig.place("cap" + rate, plan, rate, Duration.ofSeconds(seconds + 90L));
        BillingAudit.Result audit = BillingAudit.audit(rig, TARIFF, plan, run, accounts,
                Duration.ofSeconds(90 + calls / 100));
        return new Step(rate, calls, run.elapsed().toMillis(), run.exitCode(), run.unexpected(), audit);
    }
}
