package io.tollgrid.grid.node;

import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two grid server JVMs, as production runs them. Killing one leaves half of the baseline, which is no majority
 * (docs/deployment.md, "Partitions"): nothing can tell that node's death from a partition in which it keeps charging
 * on its own, so the survivor keeps answering reads and refuses every write, through the charging client and at the
 * caches themselves. When the node is back from its files the grid charges again, and every balance is exact.
 */
class SeparateJvmGridTest {
    @Test
    void aGridWithHalfItsBaselineGoneRefusesToMoveMoneyAndChargesExactlyOnceTheNodeIsBack() throws Exception {
        GridSettings settings = TestGrids.settings("jvm-client").withExpectedServers(2);
        List<ForkedJvm> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                servers.add(TestGrids.startServerJvm(settings, "jvm-server-" + i));
            }
            for (ForkedJvm server : servers) {
                TestGrids.awaitReady(server);
            }
            try (Ignite client = GridNodes.startClient(settings)) {
                GridAdmin admin = new GridAdmin(client);
                ChargingClient charging = new ChargingClient(client);
                admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
                admin.putRatePlan("p", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
                for (int i = 0; i < 20; i++) {
                    admin.createAccount("t1", "a" + i, "EUR", "p", Money.parse("10"), Money.ZERO);
                    charging.authorise("a" + i, "call", "1", "2", System.currentTimeMillis()).join();
                }
                assertTrue(charging.quorum().holds(), "two of two baseline nodes: " + charging.quorum());

                servers.get(0).kill();
                awaitQuorum(charging, false);
                assertEquals(new GridQuorum.View(1, 2, true), charging.quorum());

                CompletionException refused = assertThrows(CompletionException.class,
                        () -> charging.stop("a0", "call", 60, System.currentTimeMillis(), "").join());
                assertInstanceOf(ChargingClient.NoQuorum.class, refused.getCause());
                // Past the charging client, the caches' own topology validator refuses the write.
                assertThrows(RuntimeException.class, () -> admin.createAccount("t1", "late", "EUR", "p", Money.parse("1"), Money.ZERO));
                for (int i = 0; i < 20; i++) {
                    var account = admin.account("a" + i).orElseThrow();
                    assertEquals(10_000_000, account.balanceMicros(), "reads still answer, a" + i);
                    assertTrue(account.reservedMicros() > 0, "the reservation of a" + i + " is untouched");
                }

                servers.set(0, TestGrids.startServerJvm(settings, "jvm-server-1"));
                TestGrids.awaitReady(servers.get(0));
                awaitQuorum(charging, true);

                assertFalse(admin.account("late").isPresent(), "the refused write left nothing behind");
                for (int i = 0; i < 20; i++) {
                    ChargingResult stop = charging.stop("a" + i, "call", 60, System.currentTimeMillis(), "").join();
                    assertEquals(Outcome.OK, stop.outcome(), "account a" + i);
                    assertEquals(9_940_000, admin.account("a" + i).orElseThrow().balanceMicros());
                    assertEquals(0, admin.account("a" + i).orElseThrow().reservedMicros());
                }
            }
        } finally {
            servers.forEach(ForkedJvm::close);
        }
    }

    private static void awaitQuorum(ChargingClient charging, boolean wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (charging.quorum().holds() != wanted) {
            assertTrue(System.nanoTime() < deadline, "quorum did not become " + wanted + ": " + charging.quorum());
            Thread.sleep(200);
        }
    }
}
