package io.tollgrid.grid.node;

import io.tollgrid.grid.charging.ChargingPolicy;
import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Entry point of a grid server JVM: {@code GridServerMain [settings.properties]}. Stops cleanly on SIGTERM. */
public final class GridServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(GridServerMain.class);

    private GridServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        GridSettings settings = GridSettings.from(raw, "tollgrid-grid");
        int metricsPort = raw.integer("grid.metrics.port", 9465, 0, 65535);
        String metricsHost = raw.string("grid.metrics.host", "0.0.0.0");
        // Bound first: a taken port stops the process before it has started threads that would keep it alive.
        MetricsEndpoint metrics = metricsPort == 0 ? null : MetricsEndpoint.start(metricsHost, metricsPort);
        Ignite ignite = GridNodes.startServer(settings, ChargingPolicy.from(raw));
        GridNodeMetrics.register(ignite);
        if (metrics != null) {
            LOG.info("grid node metrics on http://{}:{}/metrics", metricsHost, metrics.port());
        }
        LOG.info("grid node {} up; cluster has {} server node(s); READY", settings.instanceName(),
                ignite.cluster().forServers().nodes().size());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            ignite.close();
            stopped.countDown();
        }, "grid-shutdown"));
        stopped.await();
    }
}
