package io.tollgrid.grid.routing;

import io.tollgrid.grid.node.Caches;
import io.tollgrid.rating.routing.CallOutcome;
import io.tollgrid.rating.routing.QualityWindow;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The quality windows of carriers (docs/routing.md, "Quality"): the last {@link QualityWindow#DEFAULT_CAPACITY}
 * outcomes of each carrier for each of its buy-rate prefixes, in the replicated cache {@code carrier_quality} under
 * {@code <carrier>/<prefix>}, stored as their Java serialised form like carriers and plans. Fed from stops that name a
 * carrier: {@link #observe} queues an outcome (never blocking; at most {@value #MAX_PENDING} waiting, beyond that an
 * outcome is dropped and counted) and one thread per node writes what waits, at most {@value #MAX_BATCH} at a time,
 * in one transaction that locks the windows in key order. Statistics, not money: a node that dies loses what it had
 * queued.
 */
public final class CarrierQuality {
    public static final int MAX_PENDING = 10_000;
    public static final int MAX_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CarrierQuality.class);
    private static final String NODE_LOCAL_KEY = "tollgrid.routing.quality";

    /** One call's outcome through a carrier for a destination prefix (its buy rate's). */
    public record Observation(String carrierId, String prefix, CallOutcome outcome) {
        public Observation {
            if (carrierId == null || prefix == null || outcome == null) {
                throw new IllegalArgumentException("an observation names its carrier, prefix and outcome");
            }
        }
    }

    private final Ignite ignite;
    private final IgniteCache<String, byte[]> windows;
    private final BlockingQueue<Observation> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    /** Outcomes dropped on this JVM because a node's queue was full, for the node's metrics. */
    private static final LongAdder DROPPED = new LongAdder();
    private volatile Thread writer;

    public CarrierQuality(Ignite ignite) {
        this.ignite = ignite;
        this.windows = ignite.cache(Caches.CARRIER_QUALITY);
    }

    /** This node's feed, its writer thread started on first use. */
    public static CarrierQuality on(Ignite ignite) {
        Map<String, Object> local = ignite.cluster().nodeLocalMap();
        CarrierQuality quality = (CarrierQuality) local.get(NODE_LOCAL_KEY);
        if (quality != null) {
            return quality;
        }
        synchronized (CarrierQuality.class) {
            quality = (CarrierQuality) local.get(NODE_LOCAL_KEY);
            if (quality == null) {
                quality = new CarrierQuality(ignite);
                local.put(NODE_LOCAL_KEY, quality);
            }
            return quality;
        }
    }

    static String key(String carrierId, String prefix) {
        return carrierId + "/" + prefix;
    }

    /** Queues one outcome for the writer; false (and counted) when {@value #MAX_PENDING} already wait. */
    public boolean observe(Observation observation) {
        startWriter();
        boolean queued = pending.offer(observation);
        if (!queued) {
            DROPPED.increment();
        }
        return queued;
    }

    /** Outcomes dropped because a queue was full, on this JVM. */
    public static long dropped() {
        return DROPPED.sum();
    }

    /** Adds the outcomes to their windows now, in one transaction (at most {@value #MAX_BATCH}). */
    public void record(List<Observation> observations) {
        if (observations.isEmpty()) {
            return;
        }
        if (observations.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " outcomes at a time: " + observations.size());
        }
        Map<String, List<CallOutcome>> byKey = new TreeMap<>(); // the lock order
        for (Observation observation : observations) {
            byKey.computeIfAbsent(key(observation.carrierId(), observation.prefix()), k -> new ArrayList<>())
                    .add(observation.outcome());
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, 5_000, byKey.size())) {
            for (Map.Entry<String, List<CallOutcome>> entry : byKey.entrySet()) {
                byte[] stored = windows.get(entry.getKey());
                QualityWindow window = stored == null ? QualityWindow.empty(QualityWindow.DEFAULT_CAPACITY)
                        : CarrierRoutes.value(stored, QualityWindow.class);
                for (CallOutcome outcome : entry.getValue()) {
                    window = window.with(outcome);
                }
                windows.put(entry.getKey(), bytes(window));
            }
            tx.commit();
        }
    }

    public Optional<QualityWindow> window(String carrierId, String prefix) {
        return Optional.ofNullable(windows.get(key(carrierId, prefix)))
                .map(stored -> CarrierRoutes.value(stored, QualityWindow.class));
    }

    private void startWriter() {
        if (writer != null) {
            return;
        }
        synchronized (this) {
            if (writer == null) {
                Thread thread = new Thread(this::writeQueued, "carrier-quality-" + ignite.name());
                thread.setDaemon(true);
                thread.start();
                writer = thread;
            }
        }
    }

    private void writeQueued() {
        List<Observation> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Observation first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (isStopped()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (isStopped()) {
                    return;
                }
                LOG.warn("{} carrier outcomes were not written to their quality windows: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private boolean isStopped() {
        try {
            ignite.cluster().localNode();
            return false;
        } catch (RuntimeException stopped) {
            return true;
        }
    }

    private static byte[] bytes(QualityWindow window) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(window);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
