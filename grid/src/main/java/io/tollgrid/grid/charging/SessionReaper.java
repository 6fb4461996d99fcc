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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs on every server node and voids the silent sessions among the calls in progress the node owns as
 * primary (the {@link Caches#LIVE_SESSIONS} markers, so a sweep costs the calls in progress, not the call
 * history), so each session has exactly one reaper. Started after the node starts and stopped before it stops.
 */
public final class SessionReaper implements LifecycleBean {
    /** Cluster-wide count of reaped sessions (an Ignite atomic long), exported by the gateways. */
    public static final String REAPED_COUNTER = "tollgrid.sessions.reaped";
    private static final Logger LOG = LoggerFactory.getLogger(SessionReaper.class);
    /** Live sessions read per getAll while sweeping. */
    static final int CHECK_BATCH = 512;

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

    /** Reads the sessions behind a batch of live markers (all local) and keeps those silent, or gone, for reap. */
    private void collectSilent(IgniteCache<SessionKey, Session> sessions, Set<SessionKey> batch, long nowMillis,
                               List<SessionKey> silent) {
        if (batch.isEmpty()) {
            return;
        }
        Map<SessionKey, Session> found = sessions.getAll(batch);
        for (SessionKey key : batch) {
            Session session = found.get(key);
            if (session == null || !session.inProgress()
                    || Admission.isSilent(session, nowMillis, policy.sessionTtlMillis())) {
                silent.add(key);
            }
        }
        batch.clear();
    }

    private void sweepSafely() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("session sweep failed; next sweep in {} ms: {}", policy.reaperIntervalMillis(), e.toString());
        }
    }

    /** Reaps what is silent now among the calls in progress this node owns as primary; returns how many. */
    public int sweep(long nowMillis) {
        if (ignite.cluster().state() != org.apache.ignite.cluster.ClusterState.ACTIVE) {
            return 0;
        }
        IgniteCache<SessionKey, Session> sessions = ignite.cache(Caches.SESSIONS);
        IgniteCache<SessionKey, Boolean> live = ignite.cache(Caches.LIVE_SESSIONS);
        List<SessionKey> silent = new ArrayList<>();
        Set<SessionKey> batch = new HashSet<>();
        for (Cache.Entry<SessionKey, Boolean> marker : live.localEntries(CachePeekMode.PRIMARY)) {
            batch.add(marker.getKey());
            if (batch.size() == CHECK_BATCH) {
                collectSilent(sessions, batch, nowMillis, silent);
            }
        }
        collectSilent(sessions, batch, nowMillis, silent);
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
