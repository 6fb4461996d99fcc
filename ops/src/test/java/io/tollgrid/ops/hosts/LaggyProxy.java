package io.tollgrid.ops.hosts;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that adds latency and the delays of packet loss to every byte it forwards, in both directions, for the
 * links between test hosts (the kernel here has no {@code netem} qdisc). It never drops, duplicates or reorders a
 * byte: TCP never shows an application a lost segment, only the wait for its retransmission. So each chunk read from
 * one side is written to the other {@link Lag#latency()} later, and a {@link Lag#loss()} fraction of the chunks wait
 * a retransmission timeout ({@link Lag#retransmission()}) more; the chunks behind a "lost" one wait for it, as a TCP
 * receiver holds later segments until the missing one arrives. The lag is changed at run time with {@link #lag}; it
 * applies to chunks read from then on.
 *
 * <p>Each direction of each connection holds at most {@link #MAX_QUEUED_BYTES} in its delay queue: at that bound it
 * stops reading from its source (TCP's flow control then pushes back on the sender) until the queue is half drained.
 * A connection the target refuses, or that does not connect within 5 s, is closed on the client; when either side
 * closes, the other is closed once what was read from the closing side has been delivered to it.
 */
final class LaggyProxy implements AutoCloseable {
    /** The most bytes one direction of one connection holds while they wait out their delay. */
    static final int MAX_QUEUED_BYTES = 256 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Forward connections to {@code listenHost:listenPort} (0: any free port) to {@code targetHost:targetPort}. */
    record Route(String listenHost, int listenPort, String targetHost, int targetPort) {
        Route {
            if (listenPort < 0 || listenPort > 65535 || targetPort < 1 || targetPort > 65535) {
                throw new IllegalArgumentException("ports are 1..65535: " + listenPort + " -> " + targetPort);
            }
        }
    }

    /**
     * The lag added to every chunk.
     *
     * @param latency        the delay of every chunk, in each direction
     * @param loss           the fraction (0..1) of chunks that are "lost" and wait {@code retransmission} more
     * @param retransmission the retransmission timeout a lost chunk waits
     */
    record Lag(Duration latency, double loss, Duration retransmission) {
        static final Lag NONE = new Lag(Duration.ZERO, 0, Duration.ZERO);

        Lag {
            if (latency.isNegative() || retransmission.isNegative()) {
                throw new IllegalArgumentException("a lag cannot be negative: " + latency + ", " + retransmission);
            }
            if (!(loss >= 0 && loss <= 1)) {
                throw new IllegalArgumentException("loss is a fraction from 0 to 1, not " + loss);
            }
        }
    }

    /** What the proxy has done so far. */
    record Stats(int connections, long chunks, long bytes, long lostChunks, long peakQueuedBytes) {
    }

    private final Vertx vertx;
    private final NetClient client;
    private final List<NetServer> servers = new ArrayList<>();
    private volatile Lag lag = Lag.NONE;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lostChunks = new AtomicLong();
    private final AtomicLong peakQueued = new AtomicLong();

    private LaggyProxy() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
    }

    /** Listens on every route's address; returns once all listen, or fails. */
    static LaggyProxy start(List<Route> routes) {
        LaggyProxy proxy = new LaggyProxy();
        try {
            for (Route route : routes) {
                NetServer server = proxy.vertx.createNetServer(new NetServerOptions().setHost(route.listenHost())
                        .setPort(route.listenPort()).setTcpNoDelay(true));
                server.connectHandler(socket -> proxy.accept(socket, route));
                server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                proxy.servers.add(server);
            }
            return proxy;
        } catch (Exception e) {
            proxy.close();
            throw new IllegalStateException("the laggy proxy cannot listen on all of " + routes, e);
        }
    }

    /** Sets the lag for chunks read from now on. */
    void lag(Lag lag) {
        this.lag = lag;
    }

    Lag lag() {
        return lag;
    }

    Stats stats() {
        return new Stats(connections.get(), chunks.get(), bytes.get(), lostChunks.get(), peakQueued.get());
    }

    /** The port the server of the {@code route}-th route listens on (the one chosen for port 0). */
    int listeningPort(int route) {
        return servers.get(route).actualPort();
    }

    private void accept(NetSocket downstream, Route route) {
        downstream.pause();
        connections.incrementAndGet();
        client.connect(route.targetPort(), route.targetHost()).onComplete(connected -> {
            if (connected.failed()) {
                downstream.close();
                return;
            }
            NetSocket upstream = connected.result();
            SplittableRandom random = new SplittableRandom(System.nanoTime());
            new Pipe(downstream, upstream, random.split()).start();
            new Pipe(upstream, downstream, random.split()).start();
        });
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the laggy proxy did not close", e);
        }
    }

    private record Chunk(long dueNanos, Buffer data) {
    }

    /** One direction of one connection. All of its methods run on the connection's event loop. */
    private final class Pipe {
        private final NetSocket from;
        private final NetSocket to;
        private final SplittableRandom random;
        private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
        private long queuedBytes;
        private long lastDueNanos = Long.MIN_VALUE;
        private long timer = -1;
        private boolean paused;
        private boolean waitingForDrain;
        private boolean fromEnded;
        private boolean closed;

        Pipe(NetSocket from, NetSocket to, SplittableRandom random) {
            this.from = from;
            this.to = to;
            this.random = random;
        }

        void start() {
            from.handler(this::read);
            from.endHandler(ignored -> {
                fromEnded = true;
                deliver();
            });
            from.exceptionHandler(ignored -> {
                stop();
                from.close();
                to.close();
            });
            // The target is gone: what waits for it is undeliverable. The other direction's pipe sees the end of its
            // source and closes this pipe's source once it has delivered what it holds.
            to.closeHandler(ignored -> stop());
            from.resume();
        }

        private void read(Buffer data) {
            if (closed) {
                return;
            }
            Lag now = lag;
            long due = System.nanoTime() + now.latency().toNanos();
            if (now.loss() > 0 && random.nextDouble() < now.loss()) {
                due += now.retransmission().toNanos();
                lostChunks.incrementAndGet();
            }
            if (lastDueNanos != Long.MIN_VALUE && due - lastDueNanos < 0) {
                due = lastDueNanos; // never ahead of a chunk read before it: the bytes stay in order
            }
            lastDueNanos = due;
            queue.add(new Chunk(due, data));
            queuedBytes += data.length();
            chunks.incrementAndGet();
            bytes.addAndGet(data.length());
            peakQueued.accumulateAndGet(queuedBytes, Math::max);
            if (queuedBytes >= MAX_QUEUED_BYTES && !paused) {
                paused = true;
                from.pause();
            }
            deliver();
        }

        /** Writes every chunk that is due, then waits (a timer, or the target's drain) for the next. */
        private void deliver() {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            while (!queue.isEmpty() && queue.peek().dueNanos() - now <= 0) {
                if (to.writeQueueFull()) {
                    if (!waitingForDrain) {
                        waitingForDrain = true;
                        to.drainHandler(ignored -> {
                            waitingForDrain = false;
                            deliver();
                        });
                    }
                    return;
                }
                Chunk chunk = queue.poll();
                queuedBytes -= chunk.data().length();
                to.write(chunk.data());
            }
            if (paused && queuedBytes <= MAX_QUEUED_BYTES / 2) {
                paused = false;
                from.resume();
            }
            if (queue.isEmpty()) {
                if (fromEnded) {
                    stop();
                    to.close();
                }
                return;
            }
            if (timer == -1) {
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(queue.peek().dueNanos() - now + 999_999));
                timer = vertx.setTimer(wait, ignored -> {
                    timer = -1;
                    deliver();
                });
            }
        }

        private void stop() {
            closed = true;
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            queue.clear();
            queuedBytes = 0;
        }
    }
}
