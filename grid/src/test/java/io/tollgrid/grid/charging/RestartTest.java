package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionState;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every node stops; started again from disk, balances, pending reservations and sessions are intact. */
class RestartTest {
    @Test
    void aFullClusterRestartKeepsBalancesReservationsAndSessions() {
        GridSettings settings = TestGrids.settings("restart-1").withExpectedServers(2);
        Ignite[] servers = startServers(settings);
        try (Ignite client = GridNodes.startClient(settings.withInstanceName("restart-client"))) {
            GridAdmin admin = new GridAdmin(client);
            ChargingClient charging = new ChargingClient(client);
            admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
            admin.putRatePlan("p", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
            for (int i = 0; i < 30; i++) {
                admin.createAccount("t1", "r" + i, "EUR", "p", Money.parse("1.00"), Money.ZERO);
                charging.authorise("r" + i, "done", "1", "2", System.currentTimeMillis()).join();
                charging.stop("r" + i, "done", 61, System.currentTimeMillis(), "").join();
                charging.authorise("r" + i, "open", "1", "2", System.currentTimeMillis()).join();
            }
        }
        stop(servers);

        servers = startServers(settings);
        try (Ignite client = GridNodes.startClient(settings.withInstanceName("restart-client"))) {
            GridAdmin admin = new GridAdmin(client);
            for (int i = 0; i < 30; i++) {
                Account account = admin.account("r" + i).orElseThrow();
                // "done" cost 2 minutes (0.12); "open" then reserved the 14 whole minutes left (0.84).
                assertEquals(880_000, account.balanceMicros(), "balance of r" + i);
                assertEquals(840_000, account.reservedMicros(), "reservation of r" + i);
                Session open = admin.session("r" + i, "open").orElseThrow();
                assertEquals(SessionState.AUTHORISED, open.state());
                assertEquals(SessionState.STOPPED, admin.session("r" + i, "done").orElseThrow().state());
            }
            ChargingResult afterRestart = new ChargingClient(client).stop("r0", "open", 60, System.currentTimeMillis(), "").join();
            assertEquals(60_000, afterRestart.costMicros());
            assertEquals(820_000, admin.account("r0").orElseThrow().balanceMicros());
            assertEquals(0, admin.account("r0").orElseThrow().reservedMicros());
        } finally {
            stop(servers);
        }
    }

    private static Ignite[] startServers(GridSettings settings) {
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        Ignite second = GridNodes.startServer(settings.withInstanceName("restart-2"));
        return new Ignite[]{first.join(), second};
    }

    private static void stop(Ignite[] servers) {
        for (Ignite server : servers) {
            server.close();
        }
    }
}
