package io.tollgrid.grid.charging;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.lifecycle.LifecycleBean;
import org.apache.ignite.lifecycle.LifecycleEventType;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs on every server node and voids the silent sessions among those the node owns as primary, so each
 * session has exactly one reaper. Started after the node starts and stopped before it stops.
 */
public final class SessionReaper implements LifecycleBean {
    /** Cluster-wide count of reaped sessions (an Ignite atomic long), exported by the gateways. */
    public static final String REAPED_COUNTER = "tollgrid.sessions.reaped";
    private static final Logger LOG = LoggerFactory.getLogger(SessionReaper.class);

    private final ChargingPolicy policy;
    @IgniteInstanceResource
    private transient Ignite ignite;
    private ScheduledExecutorService scheduler;

    public SessionReaper(ChargingPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void onLifecycleEvent(LifecycleEventType event) {
        if (event == LifecycleEventType.AFTER_NODE_START && !ignite.configuration().isClientMode()) {
            ignite.cluster().nodeLocalMap().put(ChargingPolicy.NODE_LOCAL_KEY, policy);
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "session-reaper");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::sweepSafely, policy.reaperIntervalMillis(),
                    policy.reaperIntervalMillis(), TimeUnit.MILLISECONDS);
        } else if (event == LifecycleEventType.BEFORE_NODE_STOP && scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void sweepSafely() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("session sweep failed; next sweep in {} ms: {}", policy.reaperIntervalMillis(), e.toString());
        }
    }

    /** Reaps what is silent now among this node's primary sessions; returns how many. */
    public int sweep(long nowMillis) {
        if (ignite.cluster().state() != org.apache.ignite.cluster.ClusterState.ACTIVE) {
            return 0;
        }
        IgniteCache<SessionKey, Session> sessions = ignite.cache(Caches.SESSIONS);
        List<SessionKey> silent = new ArrayList<>();
        for (Cache.Entry<SessionKey, Session> entry : sessions.localEntries(CachePeekMode.PRIMARY)) {
            if (ChargingCore.isSilent(entry.getValue(), nowMillis, policy.sessionTtlMillis())) {
                silent.add(entry.getKey());
            }
        }
        if (silent.isEmpty()) {
            return 0;
        }
        ChargingCore core = ChargingCore.on(ignite);
        IgniteAtomicLong reapedCounter = ignite.atomicLong(REAPED_COUNTER, 0, true);
        int reaped = 0;
        for (SessionKey key : silent) {
            if (core.reap(key.accountId(), key.callId(), nowMillis)) {
                reapedCounter.incrementAndGet(); // counted as each commits, so the metric never lags a long sweep
                reaped++;
            }
        }
        if (reaped > 0) {
            LOG.info("reaped {} silent session(s)", reaped);
        }
        return reaped;
    }
}
