package io.tollgrid.ops.hosts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three-host layout of {@link HostCluster} under a steady stream of call flows; host 3 is cut off the network
 * for 50 s, then put back.
 *
 * <p>What must hold (docs/deployment.md, "Partitions"): hosts 1 and 2, a majority of the baseline, keep charging;
 * host 3 stops charging; its node ends itself and is started again by its supervisor, and once the network is back
 * it rejoins the grid and charges again. Afterwards the ledger is exact ({@link HostCluster#audit}). The longer
 * fault list is {@link ChaosRun} ({@code -Pchaos}).
 */
class GridPartitionTest {
    private static final Duration CUT_FOR = Duration.ofSeconds(50);

    @Test
    void onlyTheMajorityChargesWhileAHostIsCutOffAndTheLedgerIsExactAfterItRejoins() throws Exception {
        List<String> observed = new ArrayList<>();
        try (HostCluster cluster = HostCluster.start(observed, 10)) {
            cluster.startSwitches();
            Thread.sleep(8_000);
            for (int host = 1; host <= 3; host++) {
                assertTrue(cluster.allowedBetween(host, 0, Long.MAX_VALUE) > 0, "host " + host + " charges before the cut");
            }

            long cutAt = System.nanoTime();
            cluster.partition(3);
            Thread.sleep(CUT_FOR.toMillis());
            long healAt = System.nanoTime();
            cluster.heal(3);
            long rejoined = cluster.awaitReady(3, Duration.ofSeconds(180));
            observed.add(String.format("host 3's node ended %d time(s) while cut off or rejoining", cluster.exits(3)));
            observed.add(rejoined > 0 ? String.format("host 3 ready again %.1f s after the heal", (rejoined - healAt) / 1e9)
                    : "host 3 was not ready 180 s after the heal");
            Thread.sleep(5_000);
            cluster.stopSwitches();

            long settled = cutAt + Duration.ofSeconds(30).toNanos();
            for (int host = 1; host <= 3; host++) {
                observed.add(String.format("host %d: %d flows allowed before the cut, %d in the first 30 s after it, "
                                + "%d from 30 s after the cut to the heal, %d after the heal; %d refused or unanswered in all",
                        host, cluster.allowedBetween(host, 0, cutAt), cluster.allowedBetween(host, cutAt, settled),
                        cluster.allowedBetween(host, settled, healAt), cluster.allowedBetween(host, healAt, Long.MAX_VALUE),
                        cluster.refusedBetween(host, 0, Long.MAX_VALUE)));
            }
            observed.add("host 3's last allowed flow after the cut: " + cluster.lastAllowed(3, cutAt, healAt)
                    .map(at -> String.format("%.1f s after it", (at - cutAt) / 1e9)).orElse("none"));
            observed.add(String.format("hosts 1 and 2: longest time without an allowed flow after the cut: %.1f s",
                    cluster.longestGap(List.of(1, 2), cutAt, healAt) / 1e9));

            assertTrue(rejoined > 0, "host 3 rejoins and is ready after the heal");
            assertEquals(0, cluster.allowedBetween(3, settled, healAt),
                    "host 3, cut off from the majority, charges nothing from 30 s after the cut");
            for (int host = 1; host <= 2; host++) {
                assertTrue(cluster.allowedBetween(host, settled, healAt) > 0,
                        "host " + host + " (majority side) keeps charging while host 3 is cut off");
            }
            assertTrue(cluster.allowedBetween(3, rejoined, Long.MAX_VALUE) > 0, "host 3 charges again once it has rejoined");

            HostCluster.Audit audit = cluster.audit(1);
            observed.add(String.format("audit: %d flows, %d stops acknowledged, %d more charged when settled afterwards, "
                    + "%d acknowledged stops missing from the majority's ledger", audit.flows(), audit.acknowledgedStops(),
                    audit.settledAfterwards(), audit.lostAcknowledgedStops().size()));
        } finally {
            observed.forEach(line -> System.out.println("OBSERVED: " + line));
        }
    }
}
