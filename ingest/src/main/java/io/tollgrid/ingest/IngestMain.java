package io.tollgrid.ingest;

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
        Ingest ingest = Ingest.start(IngestSettings.from(Settings.fromArgs(args)));
        LOG.info("ingest running job {}; READY", ingest.stopEventJob().getName());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ingest.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }
}
