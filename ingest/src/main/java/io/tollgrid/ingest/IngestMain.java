package io.tollgrid.ingest;

import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Entry point of an ingest JVM: {@code IngestMain [settings.properties]}. Stops cleanly on SIGTERM. */
public final class IngestMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        int metricsPort = raw.integer("ingest.metrics.port", 9466, 0, 65535);
        String metricsHost = raw.string("ingest.metrics.host", "0.0.0.0");
        // Bound first: a taken port stops the process before it has started threads that would keep it alive.
        MetricsEndpoint metrics = metricsPort == 0 ? null : MetricsEndpoint.start(metricsHost, metricsPort);
        Ingest ingest = Ingest.start(IngestSettings.from(raw));
        if (metrics != null) {
            LOG.info("ingest metrics on http://{}:{}/metrics", metricsHost, metrics.port());
        }
        LOG.info("ingest running job {}; READY", ingest.stopEventJob().getName());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            ingest.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }
}
