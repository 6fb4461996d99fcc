package io.tollgrid.grid.node;

import io.tollgrid.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a grid server process that has held no quorum for too long, so that its supervisor (systemd, Kubernetes)
 * starts it again. Ignite never merges two clusters: a node cut off by a partition stays a cluster of its own after
 * the heal, refusing writes for ever. Started afresh, it joins the majority it can reach again and catches up from
 * it; until it can, its start waits for a quorum and gives up ({@link GridNodes#startServer}), and is retried.
 *
 * <p>It also lifts the loss of partitions once the whole baseline is back ({@link GridQuorum#resetLostPartitions}). A
 * node it ends is marked as cut off ({@link CutOff}): its copies may miss what the majority wrote since, so it looks at
 * the grid before it joins again, and comes back empty if the majority ran on without it.
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
                if (view.active() && version != resetCheckedAt[0]) {
                    resetCheckedAt[0] = version;
                    if (!CutOff.marked(quorum.ignite())) {
                        quorum.resetLostPartitions();
                    } else if (cutOffNodeMustLeave(quorum, view)) {
                        timer.shutdown();
                        onLost.run();
                        return;
                    }
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
                    CutOff.mark(quorum.ignite(), "no grid quorum for " + limit.toSeconds() + " s (" + view + ")");
                    timer.shutdown();
                    onLost.run();
                }
            } catch (RuntimeException e) {
                LOG.warn("quorum check failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * On a node marked as cut off ({@link CutOff}), once per topology version: with the whole baseline present and no
     * partition lost, its copies are the grid's again and the mark goes; with partitions lost while unmarked nodes hold
     * a majority without it, its copies may be old ones that the reset would keep, so it must end (and come back empty).
     */
    private static boolean cutOffNodeMustLeave(GridQuorum quorum, GridQuorum.View view) {
        List<String> lost = quorum.lostPartitionCaches();
        if (lost.isEmpty()) {
            if (view.wholeBaseline()) {
                LOG.warn("the whole baseline is here with no partition lost: this node is no longer marked as cut off");
                CutOff.clear(quorum.ignite());
            }
            return false;
        }
        Object self = quorum.ignite().cluster().localNode().consistentId();
        if (CutOff.unmarkedMajorityWithout(quorum.ignite(), self)) {
            LOG.error("partitions of {} are lost and the majority ran on without this node, which was cut off: ending "
                    + "it so that it comes back without its old copies", lost);
            return true;
        }
        return false;
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
