package io.tollgrid.grid.node;

import io.tollgrid.grid.charging.ChargingPolicy;
import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a grid server JVM: {@code GridServerMain [settings.properties]}. Stops cleanly on SIGTERM; exits with
 * {@link QuorumWatch#EXIT_NO_QUORUM} after holding no quorum for too long, and with 1 when no quorum formed at start.
 */
public final class GridServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(GridServerMain.class);

    private GridServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        GridSettings settings = GridSettings.from(raw, "tollgrid-grid");
        Optional<MetricsEndpoint> metrics = MetricsEndpoint.startFrom(raw, "grid", 9465);
        Ignite ignite = GridNodes.startServer(settings, ChargingPolicy.from(raw), QuorumWatch.activationWait(raw));
        GridQuorum quorum = new GridQuorum(ignite);
        GridNodeMetrics.register(ignite, quorum);
        QuorumWatch watch = QuorumWatch.start(raw, quorum, () -> System.exit(QuorumWatch.EXIT_NO_QUORUM));
        LOG.info("grid node {} up; cluster has {} server node(s); READY", settings.instanceName(),
                ignite.cluster().forServers().nodes().size());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watch.close();
            metrics.ifPresent(MetricsEndpoint::close);
            ignite.close();
            stopped.countDown();
        }, "grid-shutdown"));
        stopped.await();
    }
}
