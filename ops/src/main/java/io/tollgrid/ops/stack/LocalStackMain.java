package io.tollgrid.ops.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code ./tollgrid up}: starts the local stack in {@code .tollgrid/}, loads the demo tenant, prints how to
 * call it, and runs until Ctrl-C or {@code ./tollgrid down} (SIGTERM), then stops every process it started.
 */
public final class LocalStackMain {
    private LocalStackMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".tollgrid").toAbsolutePath();
        StackSettings settings = StackSettings.defaults(dir);
        Path pidFile = dir.resolve("launcher.pid");
        Files.createDirectories(dir);
        long started = System.nanoTime();
        System.out.println("Starting Cassandra, a grid node serving the gateway, and ingest in " + dir + " ...");
        LocalStack stack = LocalStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the stack ...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the next 'up' overwrites it
            }
            System.out.println("Stopped.");
            stopped.countDown();
        }, "stack-shutdown"));
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        DemoData.load(stack.gatewayUrl(), settings.adminKey());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String url = stack.gatewayUrl();
        System.out.printf("""

                Tollgrid is up (%d s). Processes: %s. Logs: %s/logs and %s/cassandra/logs
                  gateway   %s   (health: %s/health, metrics: %s/metrics)
                  console   %s/console/   (log in with the demo tenant key, or the admin key for the NOC page)
                  grid node metrics: %s
                  ingest    metrics: %s
                  cassandra 127.0.0.1:%d   grid discovery 127.0.0.1:%d
                  admin key  %s      demo tenant key  %s

                Try a call on the demo account %s (10.00 EUR at 0.02/min, 30/6, 0.005 connect fee):
                  curl -s -XPOST %s/v1/calls/authorise -H 'content-type: application/json' \\
                       -d '{"callId":"demo-call-1","account":"%s","caller":"35929000001","callee":"442071234567"}'
                  curl -s -XPOST %s/v1/calls/start -H 'content-type: application/json' -d '{"callId":"demo-call-1","account":"%s"}'
                  curl -s -XPOST %s/v1/calls/stop  -H 'content-type: application/json' -d '{"callId":"demo-call-1","account":"%s","durationSeconds":95}'
                  curl -s -H 'Authorization: Bearer %s' %s/v1/accounts/%s/balance
                  curl -s -H 'Authorization: Bearer %s' %s/v1/accounts/%s/cdrs

                CDR files: drop Asterisk Master.csv files into %s
                  (rated with demo-flat; finished files move to done/, bad lines to the cdr_rejects table)

                Ctrl-C (or ./tollgrid down) stops everything.
                """, seconds, stack.pids().stream().map(String::valueOf).collect(Collectors.joining(" ")), dir, dir,
                url, url, url, url, stack.gridMetricsUrl(), stack.ingestMetricsUrl(), settings.cqlPort(), settings.discoveryPort(), settings.adminKey(), DemoData.TENANT_API_KEY,
                DemoData.FUNDED_ACCOUNT, url, DemoData.FUNDED_ACCOUNT, url, DemoData.FUNDED_ACCOUNT, url,
                DemoData.FUNDED_ACCOUNT, DemoData.TENANT_API_KEY, url, DemoData.FUNDED_ACCOUNT, DemoData.TENANT_API_KEY,
                url, DemoData.FUNDED_ACCOUNT, settings.cdrFiles().resolve(LocalStack.FILE_SOURCE).resolve("incoming"));
        stopped.await();
    }
}
