package io.tollgrid.ingest.push;

import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.RejectReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.tollgrid.ingest.rejects.RejectReplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ingest's HTTP endpoint for switches that post CDRs: {@code POST /v1/cdrs/ID}, one CDR document (or one CDR
 * line) per request, the body as JSON or text, or as FreeSWITCH {@code mod_json_cdr} posts it with
 * {@code encode=true|base64} (a form whose {@code cdr} field holds the URL-encoded or base64 document).
 *
 * <p>The answer waits for Cassandra: 200 once the document is archived and its CDR written; 400 with the
 * reject's reason once archived and stored as a reject; 413 for a body over the limit (its first bytes stored
 * as a {@code LINE_TOO_LONG} reject); 401 for a missing or wrong key (nothing stored: an unauthenticated
 * caller writes nothing); 404 for an unknown source; 503 when {@value #MAX_IN_FLIGHT} requests are already
 * being stored (the switch retries). A repeat of the same document lands on the same rows ({@link PushedLines}).
 * Errors have the gateway's shape: {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class CdrHttpServer implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 256;
    private static final Logger LOG = LoggerFactory.getLogger(CdrHttpServer.class);

    private final Map<String, HttpSource> sources;
    private final int maxBodyBytes;
    private final PushedLines pushed;
    private final RejectReplay replay;
    private final String adminKey;
    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();

    private CdrHttpServer(Vertx vertx, PushSettings settings, PushedLines pushed, RejectReplay replay, HttpServer server) {
        this.vertx = vertx;
        this.replay = replay;
        this.adminKey = settings.adminKey();
        this.sources = settings.http().stream().collect(Collectors.toMap(HttpSource::id, Function.identity()));
        this.maxBodyBytes = settings.maxBodyBytes();
        this.pushed = pushed;
        this.server = server;
    }

    static Future<CdrHttpServer> start(Vertx vertx, PushSettings settings, PushedLines pushed, RejectReplay replay) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.httpHost())
                .setPort(settings.httpPort()).setMaxInitialLineLength(4_096).setMaxHeaderSize(8_192));
        CdrHttpServer http = new CdrHttpServer(vertx, settings, pushed, replay, server);
        server.requestHandler(http::handle);
        return server.listen().map(listening -> {
            LOG.info("ingest CDR endpoint listening on {}:{} for sources {}", settings.httpHost(), listening.actualPort(),
                    http.sources.keySet());
            return http;
        });
    }

    public int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String[] path = request.path().split("/");
        // "", "v1", "cdrs", ID
        if (path.length == 4 && path[1].equals("v1") && path[2].equals("cdrs")) {
            if (request.method() != HttpMethod.POST) {
                error(request.response(), 405, "METHOD_NOT_ALLOWED", "CDRs are posted");
                return;
            }
            push(request, path[3]);
            return;
        }
        // "", "v1", "sources", ID, "rejects" [, "replay"]
        if ((path.length == 5 || path.length == 6) && path[1].equals("v1") && path[2].equals("sources")
                && path[4].equals("rejects") && (path.length == 5 || path[5].equals("replay"))) {
            rejects(request, path[3], path.length == 6);
            return;
        }
        error(request.response(), 404, "NOT_FOUND", "no such endpoint: " + request.path());
    }

    private void push(HttpServerRequest request, String id) {
        HttpSource source = sources.get(id);
        if (source == null) {
            error(request.response(), 404, "UNKNOWN_SOURCE", "no HTTP CDR source " + id);
            return;
        }
        if (!keyMatches(presentedKey(request), source.key())) {
            PushCounters.REFUSED.labels(id, "wrong_key").inc();
            request.response().putHeader("WWW-Authenticate", "Basic realm=\"tollgrid-ingest\"");
            error(request.response(), 401, "UNAUTHORIZED", "a missing or wrong key for source " + id);
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            PushCounters.REFUSED.labels(id, "busy").inc();
            request.response().putHeader("Retry-After", "1");
            error(request.response(), 503, "BUSY", MAX_IN_FLIGHT + " CDRs are being stored; retry");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,12}") && Long.parseLong(length) > maxBodyBytes) {
            tooLarge[0] = true;
        }
        request.handler(chunk -> {
            int room = maxBodyBytes - body.length();
            if (chunk.length() > room) {
                tooLarge[0] = true;
                body.appendBuffer(chunk, 0, Math.max(0, room));
            } else if (!tooLarge[0]) {
                body.appendBuffer(chunk);
            }
        });
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        request.exceptionHandler(error -> {
            // The client went away before the body ended: nothing was stored.
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        });
        request.endHandler(ended -> {
            if (released.compareAndSet(false, true)) {
                store(request, source, body, tooLarge[0]);
            }
        });
    }

    private void store(HttpServerRequest request, HttpSource source, Buffer body, boolean tooLarge) {
        PushCounters.RECEIVED.labels(source.id()).inc();
        PushedLines.Received received;
        if (tooLarge) {
            String first = body.toString(StandardCharsets.UTF_8);
            received = new PushedLines.Received(first.substring(0, Math.min(first.length(), LineParser.MAX_LINE_CHARS)),
                    RejectReason.LINE_TOO_LONG, "the body is larger than " + maxBodyBytes
                    + " bytes (ingest.http.max.body.bytes); its first bytes are kept here");
        } else {
            received = document(request.getHeader("Content-Type"), body);
        }
        List<PushedLines.Received> records = List.of(received);
        pushed.archive(source.billing(), records, "http")
                .thenCompose(archived -> pushed.rateAndWrite(source.billing(), records, "http"))
                .whenComplete((outcomes, failed) -> {
                    inFlight.decrementAndGet();
                    HttpServerResponse response = request.response();
                    if (failed != null) {
                        LOG.error("storing a CDR document of source {} failed", source.id(), failed);
                        error(response, 500, "INTERNAL", "the document was not stored; retry");
                        return;
                    }
                    PushedLines.Outcome outcome = outcomes.get(0);
                    if (outcome.reject() != null) {
                        error(response, tooLarge ? 413 : 400, outcome.reject().reason().name(), outcome.reject().detail());
                        return;
                    }
                    RatedCdr cdr = outcome.cdr();
                    response.setStatusCode(200).putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("stored", "CDR").put("callId", cdr.callId()).put("account", cdr.accountId())
                            .put("startTime", cdr.startTime().toString()).put("billedSeconds", cdr.billedSeconds())
                            .put("cost", cdr.cost().toPlainString()).put("currency", cdr.currency()).encode());
                });
    }

    /**
     * {@code GET /v1/sources/ID/rejects?day=YYYY-MM-DD&limit=N} lists a source's rejects stored on a UTC day (today
     * by default; at most {@link RejectReplay#MAX_PER_CALL}); {@code POST .../rejects/replay?day=} replays them.
     * Operator only: {@code Authorization: Bearer ADMIN_KEY}.
     */
    private void rejects(HttpServerRequest request, String id, boolean replaying) {
        if (adminKey == null || !keyMatches(bearer(request), adminKey)) {
            PushCounters.REFUSED.labels(id, "wrong_admin_key").inc();
            error(request.response(), 401, "UNAUTHORIZED", "the rejects API needs the admin key (ingest.http.admin.key)");
            return;
        }
        if (request.method() != (replaying ? HttpMethod.POST : HttpMethod.GET)) {
            error(request.response(), 405, "METHOD_NOT_ALLOWED", replaying ? "a replay is posted" : "rejects are read with GET");
            return;
        }
        if (!replay.knows(id)) {
            error(request.response(), 404, "UNKNOWN_SOURCE", "no source " + id);
            return;
        }
        LocalDate day;
        int limit;
        try {
            String dayParam = request.getParam("day");
            day = dayParam == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(dayParam);
            String limitParam = request.getParam("limit");
            limit = limitParam == null ? 100 : Integer.parseInt(limitParam);
            if (limit < 1 || limit > RejectReplay.MAX_PER_CALL) {
                throw new NumberFormatException("limit");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            error(request.response(), 400, "INVALID_REQUEST", "day is YYYY-MM-DD and limit 1.." + RejectReplay.MAX_PER_CALL);
            return;
        }
        vertx.<JsonObject>executeBlocking(() -> {
            JsonObject answer = new JsonObject().put("source", id).put("day", day.toString());
            if (!replaying) {
                JsonArray rows = new JsonArray();
                replay.list(id, day, limit).forEach(reject -> rows.add(json(reject)));
                return answer.put("rejects", rows);
            }
            JsonArray rows = new JsonArray();
            int written = 0;
            for (RejectReplay.Replayed replayed : replay.replay(id, day)) {
                JsonObject row = json(replayed.reject());
                if (replayed.written()) {
                    written++;
                    row.put("outcome", "CDR").put("callId", replayed.cdr().callId())
                            .put("cost", replayed.cdr().cost().toPlainString());
                } else {
                    row.put("outcome", "REJECTED").put("reason", replayed.reason().name()).put("detail", replayed.detail());
                }
                rows.add(row);
            }
            return answer.put("written", written).put("stillRejected", rows.size() - written).put("replayed", rows);
        }, false).onComplete(done -> {
            if (done.failed()) {
                LOG.error("rejects of source {} failed", id, done.cause());
                error(request.response(), 500, "INTERNAL", "the rejects could not be read or replayed; retry");
                return;
            }
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(done.result().encode());
        });
    }

    private static JsonObject json(io.tollgrid.ingest.files.LineReject reject) {
        return new JsonObject().put("file", reject.file()).put("fileName", reject.fileName()).put("line", reject.line())
                .put("reason", reject.reason().name()).put("detail", reject.detail()).put("raw", reject.raw());
    }

    private static String bearer(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    /**
     * The document in the body: the body itself, or mod_json_cdr's form field {@code cdr} (URL-encoded, or base64
     * with {@code encode=base64}). A form without that field is stored as the reject it is.
     */
    static PushedLines.Received document(String contentType, Buffer body) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return PushedLines.Received.line(text);
        }
        for (String field : text.split("&")) {
            if (field.startsWith("cdr=")) {
                String value;
                try {
                    value = URLDecoder.decode(field.substring(4), StandardCharsets.UTF_8).strip();
                } catch (IllegalArgumentException e) {
                    return new PushedLines.Received(text, RejectReason.MALFORMED_DOCUMENT, "the cdr field is not URL-encoded: "
                            + e.getMessage());
                }
                if (value.startsWith("{")) {
                    return PushedLines.Received.line(value);
                }
                try {
                    return PushedLines.Received.line(new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return new PushedLines.Received(text, RejectReason.MALFORMED_DOCUMENT,
                            "the cdr field is neither a JSON document nor base64");
                }
            }
        }
        return new PushedLines.Received(text, RejectReason.MALFORMED_DOCUMENT, "a form without a cdr field");
    }

    /** {@code Authorization: Bearer KEY}, or Basic with KEY as the password (any user name); null without one. */
    static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** Compares digests of both, so the time taken says nothing about how much of the key was right, nor its length. */
    static boolean keyMatches(String presented, String expected) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    static void error(HttpServerResponse response, int status, String code, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
