package io.tollgrid.gateway;

import io.tollgrid.grid.charging.ChargingPolicy;
import io.tollgrid.grid.node.GridNodeMetrics;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridQuorum;
import io.tollgrid.grid.node.QuorumWatch;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a gateway JVM: {@code GatewayMain [settings.properties]}. Stops cleanly on SIGTERM.
 *
 * <p>With {@code gateway.embedded=true} the JVM is a grid server node as well (what {@code GridServerMain}
 * starts, with its metrics endpoint) and the gateway serves from inside it ({@link Gateway#embeddedIn}).
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        GatewaySettings settings = GatewaySettings.from(raw);
        io.tollgrid.gateway.notify.NotifySettings notify = io.tollgrid.gateway.notify.NotifySettings.from(raw);
        boolean embedded = raw.bool("gateway.embedded", false);
        Optional<MetricsEndpoint> gridMetrics = Optional.empty();
        Ignite gridNode = null;
        QuorumWatch watch = null;
        Gateway gateway;
        if (embedded) {
            gridMetrics = MetricsEndpoint.startFrom(raw, "grid", 9465);
            gridNode = GridNodes.startServer(GridSettings.from(raw, "tollgrid-grid"), ChargingPolicy.from(raw),
                    QuorumWatch.activationWait(raw));
            GridQuorum quorum = new GridQuorum(gridNode);
            GridNodeMetrics.register(gridNode, quorum);
            watch = QuorumWatch.start(raw, quorum, () -> System.exit(QuorumWatch.EXIT_NO_QUORUM));
            gateway = Gateway.embeddedIn(gridNode, settings, notify);
        } else {
            gateway = Gateway.start(settings, notify);
        }
        LOG.info("gateway{} listening on http://{}:{}; READY", embedded ? " (embedded in a grid node)" : "",
                settings.httpHost(), gateway.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Ignite node = gridNode;
        QuorumWatch quorumWatch = watch;
        Optional<MetricsEndpoint> metrics = gridMetrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (quorumWatch != null) {
                quorumWatch.close();
            }
            gateway.close();
            metrics.ifPresent(MetricsEndpoint::close);
            if (node != null) {
                node.close();
            }
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
