package io.tollgrid.ops.sip;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real switch in front of the real stack: SIPp UAC → Kamailio (ops/kamailio/kamailio.cfg) → SIPp UAS, with
 * Kamailio authorising every INVITE against the gateway, reporting start on 200 OK and stop on BYE or when its
 * dialog timer cuts the call. 300 calls at 60 calls/s mix allowed calls of random length, accounts without
 * credit, unknown accounts, a concurrent-call limit and calls cut at their max duration; afterwards every
 * balance, CDR and reservation is checked against the test's own arithmetic.
 *
 * <p>Needs kamailio and sipp from Debian: {@code ops/switch/setup.sh}, which .ci/run runs first.
 */
class SwitchEndToEndTest {
    private static final Tariff TARIFF = new Tariff("switch-flat", Tariff.micros("0.01"), Tariff.micros("0.07"));
    private static final long FUNDED = Tariff.micros("50");
    private static final long POOR = Tariff.micros("0.005");
    private static final long CUT = Tariff.micros("0.0125");
    private static final int RATE = 60;
    private static final long SEED = 20260505L;

    private static SwitchRig rig;

    @BeforeAll
    static void startStack() throws Exception {
        rig = SwitchRig.startForBoth("switch-e2e", TARIFF);
    }

    @AfterAll
    static void stopStack() {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SwitchRig.Integration.class)
    void everyCallThroughKamailioIsAuthorisedCutAndChargedExactly(SwitchRig.Integration integration) throws Exception {
        long begin = System.nanoTime();
        // Both integrations run on one stack: each on accounts of its own ("3592..." over HTTP, "3593..." over evapi).
        String numbers = "359" + (2 + integration.ordinal());
        Random random = new Random(SEED);
        Map<String, Long> accounts = new LinkedHashMap<>();
        List<SippCalls.PlannedCall> mixed = new ArrayList<>();
        List<String> funded = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            funded.add(account(numbers + "100", i, FUNDED, accounts));
        }
        for (int i = 0; i < 200; i++) {
            mixed.add(new SippCalls.PlannedCall(funded.get(random.nextInt(funded.size())), "442071234567", false,
                    1000 + random.nextInt(2001)));
        }
        List<String> poor = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            poor.add(account(numbers + "200", i, POOR, accounts));
        }
        for (int i = 0; i < 30; i++) {
            mixed.add(new SippCalls.PlannedCall(poor.get(i % poor.size()), "442071234567", false, 1000));
        }
        for (int i = 0; i < 30; i++) {
            mixed.add(new SippCalls.PlannedCall(numbers + String.format("999%03d", i), "442071234567", false, 1000));
        }
        List<String> cut = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String account = account(numbers + "300", i, CUT, accounts);
            cut.add(account);
            mixed.add(new SippCalls.PlannedCall(account, "442071234567", true, 0));
        }
        Collections.shuffle(mixed, random);
        String limited = account(numbers + "400", 0, FUNDED, accounts);
        // One burst of 30 three-second calls arrives within half a second: two fit under maxCalls=2.
        List<SippCalls.PlannedCall> plan = new ArrayList<>(mixed.subList(0, 100));
        for (int i = 0; i < 30; i++) {
            plan.add(new SippCalls.PlannedCall(limited, "442071234567", false, 3000));
        }
        plan.addAll(mixed.subList(100, mixed.size()));
        assertEquals(300, plan.size());

        List<ProcessHandle> natives;
        try {
            rig.useSwitch(integration);
            natives = rig.nativeProcesses();
            for (Map.Entry<String, Long> account : accounts.entrySet()) {
                // Funded accounts carry many calls at once, so they reserve per slice; the others reserve in full.
                boolean multiLine = account.getValue() == FUNDED;
                rig.createAccount(account.getKey(), TARIFF.planId(), account.getValue(), account.getKey().equals(limited) ? 2 : 0,
                        multiLine);
            }
            long ready = System.nanoTime();

            SippCalls.UacRun run = rig.place("e2e-" + integration.name().toLowerCase(java.util.Locale.ROOT), plan, RATE, Duration.ofSeconds(60));
            System.out.printf("switch e2e: switch ready in %d s; %d calls at %d calls/s took %d ms (SIPp exit %d)%n",
                    Duration.ofNanos(ready - begin).toSeconds(), plan.size(), RATE, run.elapsed().toMillis(), run.exitCode());

            assertEquals(plan.size(), run.outcomes().size(), "every call must end as connected or rejected; SIPp errors:\n"
                    + run.errors() + "\nkamailio:\n" + rig.kamailioLogTail(30));
            assertEquals(0, run.exitCode(), "SIPp counted failed calls; errors:\n" + run.errors());
            int limitedConnected = 0;
            int limitedRejected = 0;
            for (SippCalls.Outcome outcome : run.outcomes().values()) {
                String account = outcome.account();
                if (poor.contains(account)) {
                    assertEquals(402, outcome.status(), outcome.toString());
                } else if (account.startsWith(numbers + "999")) {
                    assertEquals(403, outcome.status(), outcome.toString());
                    assertTrue(outcome.detail().contains("ACCOUNT_UNKNOWN"), outcome.toString());
                } else if (account.equals(limited)) {
                    if (outcome.connected()) {
                        limitedConnected++;
                    } else {
                        limitedRejected++;
                        assertEquals(403, outcome.status(), outcome.toString());
                        assertTrue(outcome.detail().contains("CONCURRENT_LIMIT"), outcome.toString());
                    }
                } else if (cut.contains(account)) {
                    assertEquals("CUT", outcome.detail(), "the dialog timer must end the call: " + outcome);
                } else {
                    assertEquals("BYE", outcome.detail(), "a funded call must connect and be hung up by the caller: " + outcome);
                }
            }
            assertTrue(limitedConnected >= 2, "two calls fit under maxCalls=2, connected " + limitedConnected);
            assertTrue(limitedRejected >= 1, "a burst of 30 must hit the limit of 2, rejected " + limitedRejected);

            BillingAudit.Result audit = BillingAudit.audit(rig, TARIFF, plan, run, accounts);
            System.out.println("switch e2e: " + audit.summary());
            assertEquals(List.of(), audit.problems(), audit.summary());
            assertTrue(audit.chargedMicros() > 0);
            for (String account : poor) {
                assertEquals(Tariff.format(POOR), rig.balance(account).getString("balance"), "a denied call charges nothing");
            }
            assertTrue(maxOverlap(rig.cdrs(limited)) <= 2, "never more than 2 calls at once: " + rig.cdrs(limited).encode());
            if (integration == SwitchRig.Integration.EVAPI) {
                // Every authorise went over evapi (none fell back to HTTP): the 300 INVITEs are all counted there.
                String metrics = rig.gatewayMetrics();
                assertEquals(plan.size(), evapiEvents(metrics, "authorise"), metrics);
                assertTrue(evapiEvents(metrics, "stop") > 0, metrics);
            }
        } finally {
            rig.stopSwitch();
        }
        for (ProcessHandle process : natives) {
            assertFalse(process.isAlive(), "process " + process.pid() + " " + process.info().command().orElse("") + " left running");
        }
        System.out.printf("switch e2e: total %d s%n", Duration.ofNanos(System.nanoTime() - begin).toSeconds());
    }

    /** The sum of tollgrid_gateway_evapi_events_total over statuses for one event. */
    private static long evapiEvents(String metrics, String event) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("tollgrid_gateway_evapi_events_total{event=\"" + event + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static String account(String prefix, int index, long balance, Map<String, Long> accounts) {
        String id = prefix + String.format("%03d", index);
        accounts.put(id, balance);
        return id;
    }

    /** The most calls of one account that were answered and not yet ended at the same instant. */
    private static int maxOverlap(JsonArray cdrs) {
        List<long[]> edges = new ArrayList<>();
        for (int i = 0; i < cdrs.size(); i++) {
            JsonObject cdr = cdrs.getJsonObject(i);
            String answered = cdr.getString("answerTime");
            edges.add(new long[]{Instant.parse(answered == null ? cdr.getString("startTime") : answered).toEpochMilli(), 1});
            edges.add(new long[]{Instant.parse(cdr.getString("endTime")).toEpochMilli(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
