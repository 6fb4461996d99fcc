package io.tollgrid.ops.sip;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
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
 * balance, CDR and reservation is checked against the test's own arithmetic. Then, on the same stack, calls of
 * accounts with a route plan go through two carrier UASs and fail over from one to the other
 * ({@link #routedCallsFailOverToTheNextCarrierAndEachCdrNamesTheCarrierThatConnectedWithItsBuyCost}).
 *
 * <p>Needs kamailio and sipp from Debian: {@code ops/switch/setup.sh}, which .ci/run runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchEndToEndTest {
    private static final Tariff TARIFF = new Tariff("switch-flat", Tariff.micros("0.01"), Tariff.micros("0.07"));
    private static final long FUNDED = Tariff.micros("50");
    private static final long POOR = Tariff.micros("0.005");
    private static final long CUT = Tariff.micros("0.0125");
    private static final long LOW_BALANCE_THRESHOLD = Tariff.micros("1.00");
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

    @Order(1)
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
                // The accounts whose calls are cut run on a balance under their threshold: the switch flags the top-up prompt.
                rig.createAccount(account.getKey(), TARIFF.planId(), account.getValue(), account.getKey().equals(limited) ? 2 : 0,
                        multiLine, account.getValue() == CUT ? LOW_BALANCE_THRESHOLD : 0);
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
                    assertTrue(outcome.lowBalance(), "the INVITE of a call under its threshold carries the prompt flag: " + outcome);
                } else {
                    assertEquals("BYE", outcome.detail(), "a funded call must connect and be hung up by the caller: " + outcome);
                    assertFalse(outcome.lowBalance(), "no prompt flag above the threshold (or without one): " + outcome);
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

    // Least-cost routing (docs/routing.md): carrier a buys cheaper than b, so a is tried first. Which destination each
    // carrier fails is ops/sipp/carrier.xml's table.
    private static final String CARRIER_A = "lcr-a";
    private static final String CARRIER_B = "lcr-b";
    private static final Tariff BUY_A = new Tariff("lcr-buy-a", 0, Tariff.micros("0.02"));
    private static final Tariff BUY_B = new Tariff("lcr-buy-b", Tariff.micros("0.001"), Tariff.micros("0.03"));
    /** a answers 503, b connects. */
    private static final String A_REFUSES = "442071234567";
    /** a never answers (its branch times out with 408 after fr_timer), b connects. */
    private static final String A_IGNORES = "33141234567";
    /** a connects. */
    private static final String A_CONNECTS = "493012345678";
    /** Both answer 503: the call fails on every route, and the caller gets 500 (a proxy never relays a 503). */
    private static final String BOTH_REFUSE = "34911234567";
    private static final Map<String, String> CONNECTS_ON = Map.of(A_REFUSES, CARRIER_B, A_IGNORES, CARRIER_B,
            A_CONNECTS, CARRIER_A);

    /**
     * Kamailio tries the authorise answer's routes in order, failing over on a 5xx and on a timeout; the stop names
     * the carrier that connected, and the CDR carries that carrier's buy cost by its own buy plan. Sell costs and
     * balances are checked as above; a call every route refused is charged nothing, and its stop (0 s) names the last
     * carrier tried and the 503 that ended it (a CONGESTION CDR with Q.850 cause 41). Run once per integration: the routes come from the evapi answer or the
     * HTTP one, and the branches are sent from a resumed transaction or a plain one.
     */
    @Order(2)
    @ParameterizedTest
    @EnumSource(SwitchRig.Integration.class)
    void routedCallsFailOverToTheNextCarrierAndEachCdrNamesTheCarrierThatConnectedWithItsBuyCost(
            SwitchRig.Integration integration) throws Exception {
        long begin = System.nanoTime();
        // Accounts of their own per integration: "35951..." over HTTP, "35961..." over evapi.
        String numbers = "359" + (5 + integration.ordinal());
        Random random = new Random(SEED);
        Map<String, Long> accounts = new LinkedHashMap<>();
        List<String> routed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            routed.add(account(numbers + "100", i, FUNDED, accounts));
        }
        // The calls no route takes are an account's own: their stops are checked apart.
        String refused = numbers + "200000";
        List<SippCalls.PlannedCall> plan = new ArrayList<>();
        Map<String, Integer> perCallee = Map.of(A_REFUSES, 20, A_CONNECTS, 10, A_IGNORES, 5, BOTH_REFUSE, 5);
        for (Map.Entry<String, Integer> callee : new java.util.TreeMap<>(perCallee).entrySet()) {
            for (int i = 0; i < callee.getValue(); i++) {
                String account = callee.getKey().equals(BOTH_REFUSE) ? refused : routed.get(random.nextInt(routed.size()));
                plan.add(new SippCalls.PlannedCall(account, callee.getKey(), false, 1000 + random.nextInt(1001)));
            }
        }
        Collections.shuffle(plan, random);

        List<ProcessHandle> natives;
        try {
            rig.useSwitch(integration);
            Map<String, Integer> ports = rig.startCarriers(List.of("a", "b"));
            natives = rig.nativeProcesses();
            rig.admin("/admin/rate-decks", buyDeck(BUY_A, BUY_B));
            rig.admin("/admin/carriers", carrier(CARRIER_A, BUY_A, ports.get("a")));
            rig.admin("/admin/carriers", carrier(CARRIER_B, BUY_B, ports.get("b")));
            String probe = numbers + "900000";
            for (String account : routed) {
                rig.createAccount(account, TARIFF.planId(), FUNDED, 0, true);
                routePlan(account);
            }
            rig.createAccount(refused, TARIFF.planId(), FUNDED, 0, true);
            routePlan(refused);
            rig.createAccount(probe, TARIFF.planId(), FUNDED, 0, true);
            routePlan(probe);
            awaitRoutes(probe, ports);
            long ready = System.nanoTime();

            SippCalls.UacRun run = rig.place("lcr-" + integration.name().toLowerCase(java.util.Locale.ROOT), plan, 20,
                    Duration.ofSeconds(60));
            System.out.printf("switch lcr: switch ready in %d s; %d calls took %d ms (SIPp exit %d)%n",
                    Duration.ofNanos(ready - begin).toSeconds(), plan.size(), run.elapsed().toMillis(), run.exitCode());

            assertEquals(plan.size(), run.outcomes().size(), "every call must end as connected or rejected; SIPp errors:\n"
                    + run.errors() + "\nkamailio:\n" + rig.kamailioLogTail(30));
            assertEquals(0, run.exitCode(), "SIPp counted failed calls; errors:\n" + run.errors());
            Map<String, SippCalls.PlannedCall> connected = new LinkedHashMap<>();
            for (SippCalls.Outcome outcome : run.outcomes().values()) {
                SippCalls.PlannedCall call = plan.get(outcome.callNumber() - 1);
                if (call.callee().equals(BOTH_REFUSE)) {
                    assertEquals(500, outcome.status(), "every route refused: " + outcome);
                } else {
                    assertEquals("BYE", outcome.detail(), "a routed call to " + call.callee() + " must connect: " + outcome);
                    connected.put(outcome.callId(), call);
                }
            }
            assertEquals(35, connected.size());

            BillingAudit.Result audit = BillingAudit.audit(rig, TARIFF, plan, run, accounts);
            System.out.println("switch lcr: " + audit.summary());
            assertEquals(List.of(), audit.problems(), audit.summary());

            List<String> problems = new ArrayList<>();
            Map<String, Integer> byCarrier = new java.util.TreeMap<>();
            for (String account : routed) {
                for (SwitchRig.CarrierCdr cdr : rig.carrierCdrs(account).values()) {
                    SippCalls.PlannedCall call = connected.get(cdr.callId());
                    if (call == null) {
                        problems.add("a CDR for a call that did not connect: " + cdr);
                        continue;
                    }
                    String carrier = CONNECTS_ON.get(call.callee());
                    long buy = (carrier.equals(CARRIER_A) ? BUY_A : BUY_B).costMicros(cdr.durationSeconds());
                    if (!carrier.equals(cdr.carrierId()) || cdr.buyCostMicros() == null || cdr.buyCostMicros() != buy
                            || cdr.marginMicros() == null || cdr.marginMicros() != cdr.costMicros() - buy) {
                        problems.add("call to " + call.callee() + " should name " + carrier + " with buy cost "
                                + Tariff.format(buy) + " and margin " + Tariff.format(cdr.costMicros() - buy) + ": " + cdr);
                    }
                    // Kamailio measured the connecting route's post-dial delay (INVITE to its 180 or 200), on loopback.
                    if (cdr.pddMs() < 0 || cdr.pddMs() > 5_000) {
                        problems.add("call to " + call.callee() + " should carry a post-dial delay of 0 to 5 s: " + cdr);
                    }
                    byCarrier.merge(cdr.carrierId() + " " + call.callee(), 1, Integer::sum);
                }
            }
            System.out.println("switch lcr: CDRs by carrier and destination " + byCarrier);
            assertEquals(List.of(), problems);
            assertEquals(Map.of(CARRIER_B + " " + A_REFUSES, 20, CARRIER_A + " " + A_CONNECTS, 10,
                    CARRIER_B + " " + A_IGNORES, 5), byCarrier);

            // Failed on every route: nothing charged, nothing reserved, and each stop named the last carrier tried.
            Map<String, SwitchRig.CarrierCdr> unanswered = awaitCarrierCdrs(refused, perCallee.get(BOTH_REFUSE));
            System.out.println("switch lcr: calls every route refused " + unanswered.values());
            JsonObject balance = rig.balance(refused);
            assertEquals(Tariff.format(FUNDED), balance.getString("balance"), balance.encode());
            assertEquals("0.000000", balance.getString("reserved"), balance.encode());
            for (SwitchRig.CarrierCdr cdr : unanswered.values()) {
                assertEquals(CARRIER_B, cdr.carrierId(), cdr.toString());
                assertEquals(0, cdr.durationSeconds(), cdr.toString());
                assertEquals(0, cdr.costMicros(), cdr.toString());
                assertEquals(0L, cdr.buyCostMicros(), cdr.toString());
                // Kamailio's stop named the 503 that ended it: Q.850 41, temporary failure.
                assertEquals("CONGESTION", cdr.disposition(), cdr.toString());
                assertEquals(41, cdr.cause(), cdr.toString());
                // The last route's delay: its INVITE to its 503, since it sent no ringing.
                assertTrue(cdr.pddMs() >= 0 && cdr.pddMs() <= 5_000, cdr.toString());
            }
        } finally {
            rig.stopSwitch();
        }
        for (ProcessHandle process : natives) {
            assertFalse(process.isAlive(), "process " + process.pid() + " " + process.info().command().orElse("") + " left running");
        }
        System.out.printf("switch lcr: total %d s%n", Duration.ofNanos(System.nanoTime() - begin).toSeconds());
    }

    /** Waits until the account has {@code count} CDRs in Cassandra (ingest moves them there from the grid). */
    private static Map<String, SwitchRig.CarrierCdr> awaitCarrierCdrs(String account, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, SwitchRig.CarrierCdr> rows = rig.carrierCdrs(account);
        while (rows.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            rows = rig.carrierCdrs(account);
        }
        assertEquals(count, rows.size(), rows.toString());
        return rows;
    }

    /** A deck of the two buy plans, per second, for every destination the routed calls dial. */
    private static String buyDeck(Tariff... buyPlans) {
        StringBuilder plans = new StringBuilder("plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,"
                + "max_grant_seconds\n");
        StringBuilder rates = new StringBuilder("plan,prefix,description,group,band,blocked,unit,price,connect_fee,"
                + "initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n");
        for (Tariff buy : buyPlans) {
            plans.append(buy.planId()).append(",,UTC,6,SPLIT,UP,CALL,14400\n");
            for (String prefix : List.of("44", "49", "33", "34")) {
                rates.append(buy.planId()).append(',').append(prefix).append(",Dest ").append(prefix).append(",D")
                        .append(prefix).append(",*,false,MINUTE,").append(Tariff.format(buy.pricePerMinuteMicros()))
                        .append(',').append(Tariff.format(buy.connectFeeMicros())).append(",1,1,0,0,2025-01-01T00:00:00Z,,0\n");
            }
        }
        return new JsonObject().put("tables", new JsonObject().put("plans.csv", plans.toString())
                .put("rates.csv", rates.toString())
                .put("normalisation.csv", "source,strip_prefix,international_prefix,national_prefix,country_code\n*,,00,0,44\n"))
                .encode();
    }

    private static String carrier(String id, Tariff buyPlan, int port) {
        return "{\"carrierId\":\"" + id + "\",\"name\":\"Carrier " + id + "\",\"buyPlan\":\"" + buyPlan.planId()
                + "\",\"gateways\":[{\"address\":\"127.0.0.1:" + port + "\",\"transport\":\"UDP\"}]}";
    }

    /** Each routed account gets a plan of its own, so the other tests' accounts (same tenant) keep routing as before. */
    private static void routePlan(String account) {
        rig.admin("/admin/route-plans", "{\"planId\":\"lcr-" + account + "\",\"accountId\":\"" + account
                + "\",\"strategy\":\"LEAST_COST\",\"carriers\":[{\"carrierId\":\"" + CARRIER_A + "\"},{\"carrierId\":\""
                + CARRIER_B + "\"}]}");
    }

    /**
     * A stored plan or carrier reaches the grid node's routing table shortly after it commits (docs/routing.md,
     * "Freshness"): asks authorise for the probe account, stored last, until it answers both routes, a first then
     * b, at this switch's carrier ports (a second run replaces the carriers with new ports).
     */
    private static void awaitRoutes(String probe, Map<String, Integer> ports) throws InterruptedException {
        List<String> expected = List.of(CARRIER_A + " sip:" + A_REFUSES + "@127.0.0.1:" + ports.get("a") + ";transport=udp",
                CARRIER_B + " sip:" + A_REFUSES + "@127.0.0.1:" + ports.get("b") + ";transport=udp");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int attempt = 0; ; attempt++) {
            String callId = "lcr-probe-" + probe + "-" + attempt;
            JsonObject answer = rig.call("/v1/calls/authorise", "{\"callId\":\"" + callId + "\",\"account\":\"" + probe
                    + "\",\"caller\":\"35929000001\",\"callee\":\"" + A_REFUSES + "\"}");
            rig.call("/v1/calls/stop", "{\"callId\":\"" + callId + "\",\"account\":\"" + probe + "\",\"durationSeconds\":0}");
            JsonArray routes = answer.getJsonArray("routes", new JsonArray());
            List<String> offered = new ArrayList<>();
            for (int i = 0; i < routes.size(); i++) {
                offered.add(routes.getJsonObject(i).getString("carrierId") + " " + routes.getJsonObject(i).getString("uri"));
            }
            if (offered.equals(expected)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the route plans never reached authorise as " + expected + ": "
                    + answer.encode());
            Thread.sleep(100);
        }
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
