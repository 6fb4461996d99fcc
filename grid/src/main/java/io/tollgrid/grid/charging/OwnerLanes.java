package io.tollgrid.grid.charging;

import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One lane per server node: operations for accounts a node owns queue in its lane and go out as one
 * {@link ChargingJobs.Batch}. A lane keeps at most {@value #MAX_BATCHES_IN_FLIGHT} batches in flight; what
 * arrives meanwhile waits for the next one. So a lone operation leaves at once, and under load the batches
 * grow by themselves, up to {@value #MAX_BATCH} operations, without a timer adding latency.
 *
 * <p>When this client is itself a server node (the gateway embedded in a grid node), the lane of its own node
 * runs its batches on a local thread instead of as an Ignite compute job: the same steps and transactions,
 * without the job's marshalling, task bookkeeping and thread hops. Every other node's lane is unchanged.
 *
 * <p>A lane holds at most {@value #MAX_WAITING} operations; past that the caller gets {@link ChargingClient.Overloaded} at
 * once, instead of a queue that grows until every switch times out.
 */
final class OwnerLanes implements AutoCloseable {
    static final int MAX_BATCH = 64;
    static final int MAX_BATCHES_IN_FLIGHT = 2;
    static final int MAX_WAITING = 8_192;

    private final Ignite ignite;
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder operationsSent = new LongAdder();
    private final LongAdder batchesRunLocally = new LongAdder();
    /** Runs this server node's own batches; null on a client node. Bounded by the lane's batches in flight. */
    private final ExecutorService local;

    OwnerLanes(Ignite ignite) {
        this.ignite = ignite;
        this.local = ignite.cluster().localNode().isClient() ? null : localExecutor();
    }

    private static ExecutorService localExecutor() {
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(MAX_BATCHES_IN_FLIGHT, MAX_BATCHES_IN_FLIGHT, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_BATCHES_IN_FLIGHT), runnable -> {
                    Thread thread = new Thread(runnable, "charging-local-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Batches and operations this client has sent so far, and how many of the batches ran on this node. */
    ChargingClient.LaneStats stats() {
        return new ChargingClient.LaneStats(batchesSent.sum(), operationsSent.sum(), batchesRunLocally.sum());
    }

    /** Queues the operation for the node that owns its account now; fails with a topology error if none does. */
    <T> CompletableFuture<T> submit(ChargingJobs.Op<T> op) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        ClusterNode owner;
        try {
            owner = ignite.affinity(Caches.ACCOUNTS).mapKeyToNode(op.accountId);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        if (owner == null) {
            answer.completeExceptionally(new ClusterTopologyException("no server node owns account " + op.accountId));
            return answer;
        }
        Lane lane = lanes.computeIfAbsent(owner.id(), id -> new Lane(id, owner.isLocal() && local != null));
        if (!lane.offer(new Waiting(op, answer))) {
            answer.completeExceptionally(new ChargingClient.Overloaded(MAX_WAITING));
            return answer;
        }
        lane.pump();
        return answer;
    }

    @Override
    public void close() {
        if (local != null) {
            local.shutdown();
        }
    }

    private record Waiting(ChargingJobs.Op<?> op, CompletableFuture<?> answer) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        void complete(Object result) {
            if (result instanceof Throwable error) {
                answer.completeExceptionally(error);
            } else {
                ((CompletableFuture) answer).complete(result);
            }
        }
    }

    private final class Lane {
        private final UUID nodeId;
        private final boolean runsHere;
        private final IgniteCompute compute;
        private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();

        Lane(UUID nodeId, boolean runsHere) {
            this.nodeId = nodeId;
            this.runsHere = runsHere;
            this.compute = runsHere ? null : ignite.compute(ignite.cluster().forNodeId(nodeId));
        }

        boolean offer(Waiting next) {
            if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                return false;
            }
            queue.add(next);
            return true;
        }

        /** Sends what waits, as long as a batch slot is free; re-checks the queue after freeing a slot. */
        void pump() {
            while (!queue.isEmpty()) {
                int flying = inFlight.get();
                if (flying >= MAX_BATCHES_IN_FLIGHT) {
                    return;
                }
                if (!inFlight.compareAndSet(flying, flying + 1)) {
                    continue;
                }
                List<Waiting> batch = new ArrayList<>(Math.min(MAX_BATCH, 16));
                for (Waiting next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                waiting.addAndGet(-batch.size());
                if (batch.isEmpty()) {
                    inFlight.decrementAndGet();
                    continue;
                }
                send(batch);
            }
        }

        private void send(List<Waiting> batch) {
            ChargingJobs.Op<?>[] ops = new ChargingJobs.Op<?>[batch.size()];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = batch.get(i).op();
            }
            batchesSent.increment();
            operationsSent.add(ops.length);
            if (runsHere) {
                runHere(batch, ops);
                return;
            }
            try {
                compute.callAsync(new ChargingJobs.Batch(ops)).listen(done -> {
                    Object[] answers = null;
                    RuntimeException failure = null;
                    try {
                        answers = done.get();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    finish(batch, answers, failure);
                });
            } catch (RuntimeException e) {
                finish(batch, null, e);
            }
        }

        private void runHere(List<Waiting> batch, ChargingJobs.Op<?>[] ops) {
            batchesRunLocally.increment();
            try {
                local.execute(() -> {
                    Object[] answers = null;
                    RuntimeException failure = null;
                    try {
                        answers = ChargingJobs.Batch.run(ChargingCore.on(ignite), ops);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    finish(batch, answers, failure);
                });
            } catch (RejectedExecutionException e) {
                // Only when the node is stopping: the lane never has more batches in flight than the pool has room.
                finish(batch, null, new ClusterTopologyException("this node is stopping: " + e.getMessage()));
            }
        }

        private void finish(List<Waiting> batch, Object[] answers, RuntimeException failure) {
            if (failure != null && ChargingClient.causeOf(failure, ClusterTopologyException.class) != null) {
                // The node is gone or going: later operations map to its successor, in a new lane.
                lanes.remove(nodeId, this);
            }
            inFlight.decrementAndGet();
            pump();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(failure != null ? failure : answers[i]);
            }
        }
    }
}
