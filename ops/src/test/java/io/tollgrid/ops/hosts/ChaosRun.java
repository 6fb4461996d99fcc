package io.tollgrid.ops.hosts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos suite ({@code -Pchaos}: {@code mvn -B install -DskipTests && mvn -B -pl ops verify -Pchaos}). One
 * {@link HostCluster} under a steady stream of call flows on every host; each fault below is injected in turn, healed,
 * and followed by the ledger audit, which must hold exactly after every heal. Each fault reports the flows acknowledged
 * and refused while it lasted and the time from the heal until every gateway was ready again.
 *
 * <p>Faults: one host cut off (twice, a different host each time); two hosts cut off, so that no side holds a majority
 * and nobody charges; a kill -9 of a majority node while a third is cut off, which leaves no majority until that
 * node is back. Not yet injected: latency and loss between grid nodes (the kernel has no netem; a proxy in the path is
 * still to be built), clock skew, a client gateway or ingest cut off on their own (docs/deployment.md).
 */
class ChaosRun {
    private static final Duration CUT_FOR = Duration.ofSeconds(45);
    /** Discovery needs its failure detection time (10 s) and the quorum check a little more: 30 s is generous. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /**
     * The faults to inject, in order, from {@code -Dchaos.faults} (default {@code 1,2,3,4}, every fault once): 1 host 3
     * cut off, 2 host 2 cut off, 3 hosts 2 and 3 cut off, 4 host 3 cut off then host 2 killed. A number may repeat:
     * {@code -Dchaos.faults=4,4,4} injects the fourth fault three times in one cluster.
     */
    static List<Integer> faults() {
        List<Integer> faults = new ArrayList<>();
        for (String fault : System.getProperty("chaos.faults", "1,2,3,4").split(",")) {
            int number = Integer.parseInt(fault.trim());
            if (number < 1 || number > 4) {
                throw new IllegalArgumentException("chaos.faults: no fault " + number + " (1 to 4)");
            }
            faults.add(number);
        }
        return faults;
    }

    @Test
    void theLedgerIsExactAfterEveryFaultAndNoSideWithoutAMajorityCharges() throws Exception {
        List<String> observed = new ArrayList<>();
        // The production default: a node left alone by a kill stays up long enough for the killed one to come back to it.
        try (HostCluster cluster = HostCluster.start(observed, 30)) {
            cluster.startSwitches();
            Thread.sleep(8_000);

            for (int fault : faults()) {
                switch (fault) {
                    case 1, 2 -> {
                        int cut = fault == 1 ? 3 : 2;
                        fault(cluster, observed, "host " + cut + " cut off", host -> host == cut,
                                () -> cluster.partition(cut), () -> cluster.heal(cut));
                    }
                    case 3 -> fault(cluster, observed, "hosts 2 and 3 cut off (no majority anywhere)", host -> true, () -> {
                        cluster.partition(2);
                        cluster.partition(3);
                    }, () -> {
                        cluster.heal(2);
                        cluster.heal(3);
                    });
                    default -> fault(cluster, observed,
                            "host 3 cut off, then host 2's node killed -9 (no majority until it is back)", host -> host == 3,
                            () -> {
                                cluster.partition(3);
                                HostCluster.sleep(15_000);
                                cluster.kill(2);
                            }, () -> cluster.heal(3));
                }
            }
            cluster.stopSwitches();
        } finally {
            observed.forEach(line -> System.out.println("CHAOS: " + line));
        }
    }

    /**
     * Injects a fault for {@link #CUT_FOR}, heals it, waits for every gateway, audits the ledger (switches paused),
     * and asserts that the hosts {@code silenced} names allowed nothing from {@link #SETTLE} after the fault to the heal.
     */
    private static void fault(HostCluster cluster, List<String> observed, String name, IntPredicate silenced,
                              Runnable inject, Runnable heal) throws InterruptedException {
        long start = System.nanoTime();
        cluster.mark(start);
        inject.run();
        HostCluster.sleep(Math.max(0, CUT_FOR.toMillis() - (System.nanoTime() - start) / 1_000_000));
        long healAt = System.nanoTime();
        heal.run();
        long ready = 0;
        for (int host = 1; host <= 3; host++) {
            ready = Math.max(ready, cluster.awaitReady(host, Duration.ofSeconds(240)));
            assertTrue(ready > 0, name + ": host " + host + " is ready again after the heal");
        }
        HostCluster.sleep(3_000);
        cluster.stopSwitches();
        long settled = start + SETTLE.toNanos();
        long acknowledged = 0;
        long refused = 0;
        StringBuilder silentHosts = new StringBuilder();
        for (int host = 1; host <= 3; host++) {
            acknowledged += cluster.allowedBetween(host, start, healAt);
            refused += cluster.refusedBetween(host, start, healAt);
            if (silenced.test(host)) {
                assertEquals(0, cluster.allowedBetween(host, settled, healAt),
                        name + ": host " + host + ", without a majority, charges nothing once discovery has settled");
                silentHosts.append(silentHosts.length() == 0 ? "" : ", ").append(host);
            }
        }
        HostCluster.Audit audit = cluster.audit(1);
        observed.add(String.format("%s: during the fault %d flows allowed and %d refused or unanswered; hosts %s allowed "
                        + "none from %d s in; every gateway ready %.1f s after the heal; audit of %d flows exact "
                        + "(%d acknowledged stops each once, %d settled afterwards)", name, acknowledged, refused,
                silentHosts, SETTLE.toSeconds(), (ready - healAt) / 1e9, audit.flows(), audit.acknowledgedStops(),
                audit.settledAfterwards()));
        cluster.startSwitches();
        Thread.sleep(5_000);
    }
}
