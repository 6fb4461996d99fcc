package io.tollgrid.grid.product;

import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.lifecycle.LifecycleBean;
import org.apache.ignite.lifecycle.LifecycleEventType;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the charge run on every server node, every {@link #INTERVAL}, over the partitions the node owns as primary,
 * so each assignment has one scheduled run (and a run after a rebalance that overlaps another only replays). One
 * thread, a fixed delay between runs (never two at once on a node), and each run bounded by
 * {@link #MAX_ACCOUNTS_PER_RUN} accounts; what it leaves is due in the next. The operator can also trigger a run
 * over every partition ({@code POST /admin/charge-runs}).
 */
public final class ChargeScheduler implements LifecycleBean {
    /** How often a node charges what is due: a period's charge is posted within this of the period's start. */
    public static final Duration INTERVAL = Duration.ofMinutes(15);
    static final int MAX_ACCOUNTS_PER_RUN = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChargeScheduler.class);

    @IgniteInstanceResource
    private transient Ignite ignite;
    private ScheduledExecutorService scheduler;
    /** Used by the scheduler's one thread only. */
    private ChargingClient charging;

    @Override
    public void onLifecycleEvent(LifecycleEventType event) {
        if (event == LifecycleEventType.AFTER_NODE_START && !ignite.configuration().isClientMode()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "charge-run");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::runSafely, INTERVAL.toMillis(), INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else if (event == LifecycleEventType.BEFORE_NODE_STOP && scheduler != null) {
            scheduler.shutdownNow();
            if (charging != null) {
                charging.close();
            }
        }
    }

    /** One scheduled run: what is due at {@code now} in the partitions this server node owns as primary. */
    static RunReport runOwned(Ignite node, ChargingClient charging, Instant now) {
        int[] owned = node.affinity(Caches.PRODUCT_ASSIGNMENTS).primaryPartitions(node.cluster().localNode());
        return new Products(node, charging).run(now, owned, MAX_ACCOUNTS_PER_RUN);
    }

    private void runSafely() {
        try {
            if (ignite.cluster().state() != ClusterState.ACTIVE) {
                return;
            }
            if (charging == null) {
                charging = new ChargingClient(ignite); // on the first run: a node that never charges holds no threads
            }
            RunReport report = runOwned(ignite, charging, Instant.now());
            if (report.posted() > 0 || report.refused() > 0) {
                LOG.info("charge run: {} charge(s) posted, {} refused over {} assignment(s)", report.posted(),
                        report.refused(), report.assignments());
            }
        } catch (RuntimeException e) {
            LOG.warn("charge run failed; next in {}: {}", INTERVAL, e.toString());
        }
    }
}
