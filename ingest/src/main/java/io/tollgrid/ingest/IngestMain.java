package io.tollgrid.ingest;

import io.tollgrid.ingest.files.Retention;
import io.tollgrid.ingest.push.PushSettings;
import io.tollgrid.metrics.MetricsEndpoint;
import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** Entry point of an ingest JVM: {@code IngestMain [settings.properties]}. Stops cleanly on SIGTERM. */
public final class IngestMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings raw = Settings.fromArgs(args);
        Optional<MetricsEndpoint> metrics = MetricsEndpoint.startFrom(raw, "ingest", 9466);
        Ingest ingest = Ingest.start(IngestSettings.from(raw), PushSettings.from(raw), Retention.ofTenants(raw));
        LOG.info("ingest running job {}; READY", ingest.stopEventJob().getName());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            metrics.ifPresent(MetricsEndpoint::close);
            ingest.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }
}
