package io.tollgrid.gateway.evapi;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.identity.SwitchCredential;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The connection to one switch's evapi socket. It reconnects for as long as the gateway runs (1 s, then up to
 * {@link #MAX_BACKOFF_MILLIS} between tries), and runs at most {@code maxInFlight} events at once: beyond
 * that the switch gets an immediate 503 answer rather than a queue that grows. All state is touched only on
 * the connection's event-loop context.
 *
 * <p>While {@code eligible} says no (this gateway's side of the grid holds no quorum) the link stays away from the
 * switch: it drops its connection and does not connect again, so the switch sends its calls to gateways that can
 * charge them instead of to one that can only refuse.
 */
final class EvapiLink {
    private static final Logger LOG = LoggerFactory.getLogger(EvapiLink.class);
    static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Vertx vertx;
    private final NetClient client;
    private final String host;
    private final int port;
    private final SwitchEvents events;
    private final SwitchCredential credential;
    private final GatewayMetrics metrics;
    private final int maxInFlight;
    private final BooleanSupplier eligible;

    private volatile boolean closed;
    private volatile NetSocket socket;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private int inFlight;

    EvapiLink(Vertx vertx, NetClient client, String host, int port, SwitchEvents events, SwitchCredential credential,
              GatewayMetrics metrics, int maxInFlight, BooleanSupplier eligible) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
        this.vertx = vertx;
        this.client = client;
        this.host = host;
        this.port = port;
        this.events = events;
        this.credential = credential;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.eligible = eligible;
    }

    void start() {
        connect();
    }

    boolean connected() {
        return socket != null;
    }

    String address() {
        return host + ":" + port;
    }

    private void connect() {
        if (closed) {
            return;
        }
        if (!eligible.getAsBoolean()) {
            retryLater();
            return;
        }
        client.connect(port, host).onComplete(result -> {
            if (result.failed()) {
                LOG.debug("evapi: cannot connect to {}: {}", address(), result.cause().getMessage());
                retryLater();
                return;
            }
            attach(result.result());
        });
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        vertx.setTimer(delay, ignored -> connect());
    }

    private void attach(NetSocket connection) {
        if (closed) {
            connection.close();
            return;
        }
        Context context = Vertx.currentContext();
        socket = connection;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        inFlight = 0;
        LOG.info("evapi: connected to the switch at {}", address());
        Netstrings frames = new Netstrings(MAX_FRAME_BYTES, frame -> onFrame(connection, context, frame));
        connection.handler(chunk -> {
            try {
                frames.feed(chunk);
            } catch (Netstrings.Malformed e) {
                LOG.error("evapi: closing the connection to {}: {}", address(), e.getMessage());
                connection.close();
            }
        });
        connection.closeHandler(ignored -> {
            socket = null;
            if (!closed) {
                LOG.warn("evapi: the connection to {} closed with {} events unanswered; reconnecting", address(), inFlight);
            }
            retryLater();
        });
        connection.exceptionHandler(error -> LOG.warn("evapi: connection to {}: {}", address(), error.getMessage()));
    }

    private void onFrame(NetSocket connection, Context context, String frame) {
        if (inFlight >= maxInFlight) {
            metrics.evapiEvent("refused", 503, 0);
            events.refuse(frame, new ApiException(503, "GATEWAY_OVERLOADED",
                    maxInFlight + " switch events are already in flight on this connection"))
                    .ifPresent(reply -> connection.write(Netstrings.encode(reply)));
            return;
        }
        inFlight++;
        long started = System.nanoTime();
        events.handle(frame, credential).thenAccept(handled -> context.runOnContext(ignored -> {
            inFlight--;
            handled.reply().ifPresent(reply -> connection.write(Netstrings.encode(reply)));
            metrics.evapiEvent(handled.event(), handled.status(), System.nanoTime() - started);
        }));
    }

    /** Drops the connection if this gateway may not serve the switch now; it reconnects once it may again. */
    void dropIfIneligible() {
        NetSocket current = socket;
        if (current != null && !eligible.getAsBoolean()) {
            LOG.warn("evapi: leaving the switch at {}: this gateway's side of the grid holds no quorum", address());
            current.close();
        }
    }

    void close() {
        closed = true;
        NetSocket current = socket;
        if (current != null) {
            current.close();
        }
    }
}
