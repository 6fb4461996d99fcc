package io.tollgrid.grid.rateplan;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every node stops; started again from disk, each compiles the active deck before it prices a call, and a
 * call authorised under a superseded version is still priced by it (compiled again on demand).
 */
class RateDeckRestartTest {
    @Test
    void theActiveDeckAndTheVersionOfACallInProgressSurviveAFullRestart() {
        GridSettings settings = TestGrids.settings("deck-restart-1").withExpectedServers(2);
        Ignite[] servers = startServers(settings);
        long cheap;
        long dear;
        long reserved;
        try (Ignite client = GridNodes.startClient(settings.withInstanceName("deck-restart-client"))) {
            GridAdmin admin = new GridAdmin(client);
            RateDecks decks = new RateDecks(client);
            admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
            admin.putRatePlan("swap-plan", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
            cheap = decks.upload(TestDecks.withPlan("swap-plan", "44", "0.06", "0.01"), System.currentTimeMillis()).version();
            decks.awaitCompiled(cheap, Duration.ofSeconds(30));
            admin.openAccount(Account.open("t1", "r1", "EUR", "swap-plan", PayType.PREPAID, ReservationStrategy.FULL,
                    AccountLimits.NONE, Money.parse("1.00").micros(), 0, 0));
            ChargingResult open = new ChargingClient(client).authorise("r1", "open", "1", "447700900123",
                    System.currentTimeMillis()).join();
            assertEquals(cheap, open.deckVersion());
            reserved = open.reservedMicros();
            dear = decks.upload(TestDecks.withPlan("swap-plan", "44", "0.60", "0.10"), System.currentTimeMillis()).version();
            decks.awaitCompiled(dear, Duration.ofSeconds(30));
        }
        stop(servers);

        servers = startServers(settings);
        try (Ignite client = GridNodes.startClient(settings.withInstanceName("deck-restart-client"))) {
            RateDecks decks = new RateDecks(client);
            ChargingClient charging = new ChargingClient(client);
            GridAdmin admin = new GridAdmin(client);

            assertEquals(dear, decks.active().orElseThrow().version());
            assertEquals(Map.of("deck-restart-1", dear, "deck-restart-2", dear), decks.compiledVersions());
            assertEquals(reserved, admin.account("r1").orElseThrow().reservedMicros());

            // Authorised under the cheap version: 95 s bills 96 s, 0.01 + 0.06 * 96 / 60 = 0.106.
            ChargingResult stopped = charging.stop("r1", "open", 95, System.currentTimeMillis(), "").join();
            assertEquals(106_000, stopped.costMicros());
            assertEquals(894_000, admin.account("r1").orElseThrow().balanceMicros());
            // A new call is priced by the version active now: first slice of a FULL grant at 0.60/min + 0.10.
            ChargingResult fresh = charging.authorise("r1", "fresh", "1", "447700900123", System.currentTimeMillis()).join();
            assertEquals(dear, fresh.deckVersion());
            // 0.894 funds: 0.10 + 0.30 (30 s) + 0.06 per 6 s -> 0.10 + 0.01 * s; 30 + 6k <= 79.4 -> 78 s, 0.88.
            assertEquals(78, fresh.maxDurationSecs());
            assertEquals(880_000, fresh.reservedMicros());
        } finally {
            stop(servers);
        }
    }

    private static Ignite[] startServers(GridSettings settings) {
        CompletableFuture<Ignite> first = CompletableFuture.supplyAsync(() -> GridNodes.startServer(settings));
        Ignite second = GridNodes.startServer(settings.withInstanceName("deck-restart-2"));
        return new Ignite[]{first.join(), second};
    }

    private static void stop(Ignite[] servers) {
        for (Ignite server : servers) {
            server.close();
        }
    }
}
