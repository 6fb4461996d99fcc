package io.tollgrid.gateway;

import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Entry point of a gateway JVM: {@code GatewayMain [settings.properties]}. Stops cleanly on SIGTERM. */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Gateway gateway = Gateway.start(GatewaySettings.from(Settings.fromArgs(args)));
        LOG.info("gateway listening on http://127.0.0.1:{}; READY", gateway.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
