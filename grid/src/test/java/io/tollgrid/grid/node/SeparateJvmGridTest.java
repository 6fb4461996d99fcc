package io.tollgrid.grid.node;

import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two grid server JVMs, as production runs them; a client charges calls, one server is killed with -9. */
class SeparateJvmGridTest {
    @Test
    void balancesSurviveTheKillOfOneServerThanksToBackups() throws Exception {
        GridSettings settings = TestGrids.settings("jvm-client");
        List<ForkedJvm> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                servers.add(startServer(settings, "jvm-server-" + i));
            }
            for (ForkedJvm server : servers) {
                awaitReady(server);
            }
            try (Ignite client = GridNodes.startClient(settings)) {
                GridAdmin admin = new GridAdmin(client);
                ChargingClient charging = new ChargingClient(client);
                admin.putTenant("t1", "T1", "t1-key-0123456789abcdef");
                admin.putRatePlan("p", new FlatRate(Money.parse("0.06"), Money.ZERO, 60, 60));
                for (int i = 0; i < 20; i++) {
                    admin.createAccount("t1", "a" + i, "EUR", "p", Money.parse("10"), Money.ZERO);
                    charging.authorise("a" + i, "call", "1", "2", 0).join();
                }

                servers.get(0).kill();

                for (int i = 0; i < 20; i++) {
                    ChargingResult stop = charging.stop("a" + i, "call", 60, 60_000, "").join();
                    assertEquals(Outcome.OK, stop.outcome(), "account a" + i);
                    assertEquals(9_940_000, admin.account("a" + i).orElseThrow().balanceMicros());
                    assertEquals(0, admin.account("a" + i).orElseThrow().reservedMicros());
                }
            }
        } finally {
            servers.forEach(ForkedJvm::close);
        }
    }

    private static ForkedJvm startServer(GridSettings settings, String name) throws Exception {
        Path config = Files.createTempFile(settings.workDir(), name, ".properties");
        Files.writeString(config, String.join("\n",
                "grid.instance.name=" + name,
                "grid.discovery.port=" + settings.discoveryPort(),
                "grid.discovery.ports=" + settings.discoveryPorts(),
                "grid.communication.port=" + settings.communicationPort(),
                "grid.work.dir=" + settings.workDir().resolve(name),
                "grid.data.region.mb=128",
                "grid.expected.servers=2"));
        List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
        options.add("-Xmx512m");
        return ForkedJvm.start(name, options, System.getProperty("java.class.path"), GridServerMain.class.getName(),
                List.of(config.toString()), settings.workDir().resolve(name + ".log"));
    }

    private static void awaitReady(ForkedJvm server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), () -> server.name() + " died:\n" + server.logTail(40));
            if (server.logTail(400).contains("READY")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(server.name() + " not ready:\n" + server.logTail(40));
    }
}
