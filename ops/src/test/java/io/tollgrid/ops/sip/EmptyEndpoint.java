package io.tollgrid.ops.sip;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Kamailio's billing calls cost when nothing is billed: an HTTP server for /v1/calls/authorise, start and
 * stop, and an evapi client that connects to the switch the way the gateway does, both answering authorise with a
 * fixed ALLOW of the shape the gateway's answer has (docs/api.md; callId and account echoed, since the cfg sends
 * the account it reads back on start and stop) and start and stop with 200 (over evapi: nothing, they are
 * fire-and-forget), keeping no state. Like load-tests' empty system it parses each request as JSON and refuses one
 * without a callId. The ceiling of the capacity run (docs/switch-integration.md, Capacity).
 */
final class EmptyEndpoint implements AutoCloseable {
    private static final JsonObject ALLOW = new JsonObject().put("decision", "ALLOW").put("maxDurationSeconds", 9978)
            .put("rate", new JsonObject().put("id", "flat").put("pricePerMinute", "0.020000"))
            .put("reserved", "4.999000").put("currency", "EUR").put("replay", false);
    private static final String STARTED = "{\"state\":\"ANSWERED\",\"replay\":false}";
    private static final String STOPPED = "{\"durationSeconds\":95,\"billedSeconds\":96,\"cost\":\"0.058000\","
            + "\"balance\":\"4.942000\",\"currency\":\"EUR\",\"replay\":false}";
    private static final String INVALID = "{\"error\":{\"code\":\"INVALID_REQUEST\"}}";
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final long RECONNECT_MILLIS = 200;

    private final Vertx vertx = Vertx.vertx();
    private final int httpPort;
    private final AtomicLong allowed = new AtomicLong();
    private volatile NetSocket evapi;
    private volatile boolean closed;

    /**
     * Listens for HTTP on 127.0.0.1:{@code httpPort}; with {@code evapiAddress} (host:port, Kamailio's EVAPI_ADDR)
     * also connects there, and again every {@value #RECONNECT_MILLIS} ms until Kamailio listens or after a drop.
     */
    EmptyEndpoint(int httpPort, Optional<String> evapiAddress) {
        this.httpPort = httpPort;
        try {
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(httpPort).setTcpNoDelay(true))
                    .requestHandler(this::onHttp).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("the empty endpoint cannot listen on " + httpPort, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException(e);
        }
        evapiAddress.ifPresent(address -> {
            int colon = address.lastIndexOf(':');
            NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
            vertx.runOnContext(ignored -> connect(client, address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))));
        });
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    boolean evapiConnected() {
        return evapi != null;
    }

    /** How many authorise requests it has answered with ALLOW so far, over HTTP and evapi together. */
    long allowed() {
        return allowed.get();
    }

    private void onHttp(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Optional<JsonObject> json = parse(body.toString(StandardCharsets.UTF_8)).filter(EmptyEndpoint::isCall);
            String answer = json.isEmpty() ? INVALID : switch (request.path()) {
                case "/v1/calls/authorise" -> allow(json.get()).encode();
                case "/v1/calls/start" -> STARTED;
                case "/v1/calls/stop" -> STOPPED;
                default -> null;
            };
            int status = answer == null ? 404 : json.isEmpty() ? 400 : 200;
            request.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(answer == null ? "{}" : answer);
        });
    }

    private static Optional<JsonObject> parse(String text) {
        try {
            return Optional.of(new JsonObject(text));
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static boolean isCall(JsonObject request) {
        return request.getValue("callId") instanceof String;
    }

    private JsonObject allow(JsonObject request) {
        allowed.incrementAndGet();
        return ALLOW.copy().put("callId", request.getString("callId")).put("account", request.getValue("account"));
    }

    private void connect(NetClient client, String host, int port) {
        if (closed) {
            return;
        }
        client.connect(port, host).onComplete(result -> {
            if (result.failed()) {
                vertx.setTimer(RECONNECT_MILLIS, ignored -> connect(client, host, port));
                return;
            }
            NetSocket socket = result.result();
            Buffer[] pending = {Buffer.buffer()};
            socket.handler(chunk -> {
                pending[0] = frames(pending[0].appendBuffer(chunk), socket);
            });
            socket.closeHandler(ignored -> {
                evapi = null;
                vertx.setTimer(RECONNECT_MILLIS, again -> connect(client, host, port));
            });
            evapi = socket;
        });
    }

    /**
     * Answers each whole netstring frame ({@code 12:hello world!,}) in {@code buffer}; what is left of the last
     * one. A broken frame closes the link, as the gateway does.
     */
    private Buffer frames(Buffer buffer, NetSocket socket) {
        int position = 0;
        while (true) {
            int colon = -1;
            for (int i = position; i < buffer.length() && i < position + 10; i++) {
                if (buffer.getByte(i) == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(buffer.getString(position, colon, "US-ASCII"));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > MAX_FRAME_BYTES) {
                socket.close();
                return Buffer.buffer();
            }
            int end = colon + 1 + length;
            if (buffer.length() <= end) {
                break;
            }
            onEvent(buffer.getString(colon + 1, end, "UTF-8"), socket);
            position = end + 1;
        }
        return position == 0 ? buffer : buffer.getBuffer(position, buffer.length());
    }

    /** Only authorise is answered: the switch waits on it with the INVITE's transaction suspended. */
    private void onEvent(String message, NetSocket socket) {
        Optional<JsonObject> parsed = parse(message);
        if (parsed.isEmpty() || !"authorise".equals(parsed.get().getValue("event"))
                || !(parsed.get().getValue("body") instanceof JsonObject body)) {
            return;
        }
        JsonObject event = parsed.get();
        JsonObject answer = (isCall(body) ? allow(body) : new JsonObject(INVALID))
                .put("event", "authorise").put("tindex", event.getValue("tindex")).put("tlabel", event.getValue("tlabel"))
                .put("code", isCall(body) ? 200 : 400);
        byte[] bytes = answer.encode().getBytes(StandardCharsets.UTF_8);
        socket.write(Buffer.buffer().appendString(bytes.length + ":").appendBytes(bytes).appendString(","));
    }

    @Override
    public void close() {
        closed = true;
        NetSocket socket = evapi;
        if (socket != null) {
            socket.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
