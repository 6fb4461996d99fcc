package io.tollgrid.grid.node;

import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a grid server process that has held no quorum for too long, so that its supervisor (systemd, Kubernetes)
 * starts it again. Ignite never merges two clusters: a node cut off by a partition stays a cluster of its own after
 * the heal, refusing writes for ever. Started afresh, it joins the majority it can reach again and catches up from
 * it; until it can, its start waits for a quorum and gives up ({@link GridNodes#startServer}), and is retried.
 *
 * <p>It also lifts the loss of partitions once the whole baseline is back ({@link GridQuorum#resetLostPartitions}).
 */
public final class QuorumWatch implements AutoCloseable {
    /** The exit status of a process ended for lack of quorum: EX_TEMPFAIL, "try again later". */
    public static final int EXIT_NO_QUORUM = 75;

    private static final Logger LOG = LoggerFactory.getLogger(QuorumWatch.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quorum-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** @param limit how long without quorum before {@code onLost}; null: never */
    private QuorumWatch(GridQuorum quorum, Duration limit, Runnable onLost) {
        long[] lostSince = {0};
        long[] resetCheckedAt = {-1};
        timer.scheduleWithFixedDelay(() -> {
            try {
                GridQuorum.View view = quorum.current();
                long now = System.nanoTime();
                // Partitions are lost or found only when the topology changes, so look once per topology version.
                long version = quorum.topologyVersion();
                if (view.active() && view.wholeBaseline() && version != resetCheckedAt[0]) {
                    quorum.resetLostPartitions();
                    resetCheckedAt[0] = version;
                }
                if (limit == null) {
                    return;
                }
                if (view.holds()) {
                    if (lostSince[0] != 0) {
                        LOG.warn("grid quorum is back ({})", view);
                    }
                    lostSince[0] = 0;
                } else if (lostSince[0] == 0) {
                    lostSince[0] = now;
                    LOG.warn("grid quorum lost ({}): this node refuses writes; it ends in {} s unless the quorum is back",
                            view, limit.toSeconds());
                } else if (now - lostSince[0] >= limit.toNanos()) {
                    LOG.error("no grid quorum for {} s ({}): ending this node so that it can rejoin the majority",
                            limit.toSeconds(), view);
                    timer.shutdown();
                    onLost.run();
                }
            } catch (RuntimeException e) {
                LOG.warn("quorum check failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Watches {@code quorum} per the settings: {@code grid.quorum.lost.exit.seconds} (default 30; 0 never ends the
     * node). {@code onLost} runs once, on the watch's own thread.
     */
    public static QuorumWatch start(Settings settings, GridQuorum quorum, Runnable onLost) {
        int seconds = settings.integer("grid.quorum.lost.exit.seconds", 30, 0, 86_400);
        return new QuorumWatch(quorum, seconds == 0 ? null : Duration.ofSeconds(seconds), onLost);
    }

    /** What {@code grid.activation.wait.seconds} says a start may wait for a quorum (default 180 s). */
    public static Duration activationWait(Settings settings) {
        return Duration.ofSeconds(settings.integer("grid.activation.wait.seconds",
                (int) GridNodes.ACTIVATION_WAIT.toSeconds(), 5, 3_600));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
