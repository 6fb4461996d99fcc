package io.tollgrid.grid.node;

import io.tollgrid.grid.charging.ChargingPolicy;
import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** Entry point of a grid server JVM: {@code GridServerMain [settings.properties]}. Stops cleanly on SIGTERM. */
public final class GridServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(GridServerMain.class);

    private GridServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        GridSettings settings = GridSettings.from(raw, "tollgrid-grid");
        Optional<MetricsEndpoint> metrics = MetricsEndpoint.startFrom(raw, "grid", 9465);
        Ignite ignite = GridNodes.startServer(settings, ChargingPolicy.from(raw));
        GridNodeMetrics.register(ignite);
        LOG.info("grid node {} up; cluster has {} server node(s); READY", settings.instanceName(),
                ignite.cluster().forServers().nodes().size());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            metrics.ifPresent(MetricsEndpoint::close);
            ignite.close();
            stopped.countDown();
        }, "grid-shutdown"));
        stopped.await();
    }
}
