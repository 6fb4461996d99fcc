package io.tollgrid.ops.sip;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a SIPp run against the money, call by call: every connected call has exactly one CDR and a rejected
 * one none, every CDR costs what the test's own {@link Tariff} says for its duration, each duration matches what
 * the caller did (or the max duration the balance allowed, for calls the switch cut), every balance is the
 * opening balance minus those costs, and nothing is left reserved. Problems are collected, not thrown, so a
 * capacity run can report them per rate.
 */
final class BillingAudit {
    private BillingAudit() {
    }

    record Result(List<String> problems, int connected, int rejected, int failed, long chargedMicros) {
        boolean clean() {
            return problems.isEmpty();
        }

        String summary() {
            return connected + " connected, " + rejected + " rejected, " + failed + " failed by SIPp, charged "
                    + Tariff.format(chargedMicros) + (problems.isEmpty() ? ", no problems"
                    : ", " + problems.size() + " problems, first: " + problems.subList(0, Math.min(10, problems.size())));
        }
    }

    static Result audit(SwitchRig rig, Tariff tariff, List<SippCalls.PlannedCall> plan, SippCalls.UacRun run,
                        Map<String, Long> openingBalances) throws InterruptedException {
        return audit(rig, tariff, plan, run, openingBalances, Duration.ofSeconds(90));
    }

    /** @param cdrWait how long the CDRs may take to reach Cassandra after the last call */
    static Result audit(SwitchRig rig, Tariff tariff, List<SippCalls.PlannedCall> plan, SippCalls.UacRun run,
                        Map<String, Long> openingBalances, Duration cdrWait) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, SippCalls.PlannedCall>> connectedByAccount = new HashMap<>();
        openingBalances.keySet().forEach(account -> connectedByAccount.put(account, new HashMap<>()));
        int connected = 0;
        int rejected = 0;
        int failed = 0;
        for (int number = 1; number <= plan.size(); number++) {
            SippCalls.PlannedCall call = plan.get(number - 1);
            SippCalls.Outcome outcome = run.outcomes().get(number);
            if (outcome == null) {
                failed++;
                problems.add("call " + number + " (" + call + ") has no outcome: SIPp failed it");
                continue;
            }
            if (!outcome.account().equals(call.account())) {
                problems.add("call " + number + " was placed for " + outcome.account() + ", planned for " + call.account());
                continue;
            }
            if (outcome.connected()) {
                connected++;
                if (call.cut() != outcome.detail().equals("CUT")) {
                    problems.add("call " + outcome.callId() + " planned " + (call.cut() ? "cut" : "talk") + " ended " + outcome.detail());
                }
                Map<String, SippCalls.PlannedCall> calls = connectedByAccount.get(call.account());
                if (calls == null) {
                    problems.add("call " + outcome.callId() + " connected for an account that does not exist: " + call.account());
                } else {
                    calls.put(outcome.callId(), call);
                }
            } else {
                rejected++;
            }
        }

        Map<String, JsonArray> cdrs = awaitCdrs(rig, connectedByAccount, cdrWait);
        long charged = 0;
        for (Map.Entry<String, Map<String, SippCalls.PlannedCall>> entry : connectedByAccount.entrySet()) {
            String account = entry.getKey();
            Map<String, SippCalls.PlannedCall> expected = entry.getValue();
            JsonArray rows = cdrs.get(account);
            Set<String> seen = new HashSet<>();
            long costs = 0;
            for (int i = 0; i < rows.size(); i++) {
                JsonObject cdr = rows.getJsonObject(i);
                String callId = cdr.getString("callId");
                if (!seen.add(callId)) {
                    problems.add(account + ": two CDRs for " + callId);
                    continue;
                }
                SippCalls.PlannedCall call = expected.get(callId);
                if (call == null) {
                    problems.add(account + ": CDR for a call SIPp did not see connected: " + cdr.encode());
                    continue;
                }
                long seconds = cdr.getLong("durationSeconds");
                if (seconds < 1) {
                    problems.add(account + ": connected call " + callId + " billed for " + seconds + " s");
                    continue;
                }
                if (call.cut()) {
                    long max = tariff.maxAffordableSeconds(openingBalances.get(account));
                    if (seconds != max) {
                        problems.add(account + ": call " + callId + " cut at " + seconds + " s, its balance allowed " + max + " s");
                    }
                } else if (seconds < call.talkMillis() / 1000 || seconds > (call.talkMillis() + 999) / 1000 + 1) {
                    // $DLG_lifetime counts whole seconds between answer and BYE: talk time, rounded either way.
                    problems.add(account + ": call " + callId + " talked " + call.talkMillis() + " ms, reported " + seconds + " s");
                }
                long cost = tariff.costMicros(seconds);
                if (!Tariff.format(cost).equals(cdr.getString("cost"))) {
                    problems.add(account + ": call " + callId + " of " + seconds + " s should cost " + Tariff.format(cost)
                            + ", its CDR says " + cdr.getString("cost"));
                }
                costs += cost;
            }
            Set<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(seen);
            if (!missing.isEmpty()) {
                problems.add(account + ": no CDR for connected calls " + missing);
            }
            JsonObject balance = rig.balance(account);
            String expectedBalance = Tariff.format(openingBalances.get(account) - costs);
            if (!expectedBalance.equals(balance.getString("balance"))) {
                problems.add(account + ": balance " + balance.getString("balance") + ", expected " + expectedBalance
                        + " (opening " + Tariff.format(openingBalances.get(account)) + " minus " + seen.size() + " calls)");
            }
            if (!"0.000000".equals(balance.getString("reserved"))) {
                problems.add(account + ": still reserved " + balance.getString("reserved") + ": a session was left in progress");
            }
            charged += costs;
        }
        return new Result(problems, connected, rejected, failed, charged);
    }

    /** CDRs reach Cassandra asynchronously (grid outbox, then ingest); wait for each account's count, then read once more. */
    private static Map<String, JsonArray> awaitCdrs(SwitchRig rig, Map<String, Map<String, SippCalls.PlannedCall>> expected,
                                                    Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> pending = new HashSet<>(expected.keySet());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(account -> rig.cdrs(account).size() >= expected.get(account).size());
            if (!pending.isEmpty()) {
                Thread.sleep(500);
            }
        }
        // A duplicate or stray CDR would arrive behind the expected ones.
        Thread.sleep(2_000);
        Map<String, JsonArray> rows = new HashMap<>();
        for (String account : expected.keySet()) {
            rows.put(account, rig.cdrs(account));
        }
        return rows;
    }
}
