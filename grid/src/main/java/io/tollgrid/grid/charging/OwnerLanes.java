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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One lane per server node: operations for accounts a node owns queue in its lane and go out as one
 * {@link ChargingJobs.Batch}. A lane keeps at most {@value #MAX_BATCHES_IN_FLIGHT} batches in flight; what
 * arrives meanwhile waits for the next one. So a lone operation leaves at once, and under load the batches
 * grow by themselves, up to {@value #MAX_BATCH} operations, without a timer adding latency.
 */
final class OwnerLanes {
    static final int MAX_BATCH = 64;
    static final int MAX_BATCHES_IN_FLIGHT = 2;

    private final Ignite ignite;
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder operationsSent = new LongAdder();

    OwnerLanes(Ignite ignite) {
        this.ignite = ignite;
    }

    /** Batches and operations this client has sent so far. */
    ChargingClient.LaneStats stats() {
        return new ChargingClient.LaneStats(batchesSent.sum(), operationsSent.sum());
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
        Lane lane = lanes.computeIfAbsent(owner.id(), id -> new Lane(id, ignite.compute(ignite.cluster().forNodeId(id))));
        lane.queue.add(new Waiting(op, answer));
        lane.pump();
        return answer;
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
        private final IgniteCompute compute;
        private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger inFlight = new AtomicInteger();

        Lane(UUID nodeId, IgniteCompute compute) {
            this.nodeId = nodeId;
            this.compute = compute;
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
