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

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two grid server JVMs, as production runs them; a client charges calls, one server is killed with -9. */
class SeparateJvmGridTest {
    @Test
    void balancesSurviveTheKillOfOneServerThanksToBackups() throws Exception {
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

                servers.get(0).kill();

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
}
