package io.tollgrid.gateway.calls;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.http.Responses.Answer;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.ChargingResult;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /v1/calls/authorise, /v1/calls/start and /v1/calls/stop. Every request names the call-id and the
 * paying account. Answers are documented in README.md ("Switch API").
 */
public final class CallsApi {
    private final ChargingClient charging;
    private final GatewayMetrics metrics;
    private final Duration gridDeadline;

    public CallsApi(ChargingClient charging, GatewayMetrics metrics, Duration gridDeadline) {
        this.charging = charging;
        this.metrics = metrics;
        this.gridDeadline = gridDeadline;
    }

    public void mount(Router router) {
        router.post("/v1/calls/authorise").handler(this::authorise);
        router.post("/v1/calls/start").handler(this::start);
        router.post("/v1/calls/interim").handler(this::interim);
        router.post("/v1/calls/stop").handler(this::stop);
    }

    private void authorise(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String callId = body.id("callId");
        String account = body.id("account");
        String caller = body.optionalText("caller", "");
        String callee = body.text("callee");
        Direction direction = direction(body.optionalText("direction", "outbound"));
        String extension = body.json().getValue("extension") == null ? null : body.id("extension");
        Responses.whenDone(ctx, withDeadline(charging.authorise(account, callId, caller, callee, direction, extension,
                System.currentTimeMillis())), this::authoriseAnswer);
    }

    private static Direction direction(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "outbound" -> Direction.OUTBOUND;
            case "inbound" -> Direction.INBOUND;
            default -> throw ApiException.invalid("'direction' must be inbound or outbound");
        };
    }

    private void interim(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String callId = body.id("callId");
        String account = body.id("account");
        long sequence = body.nonNegativeLong("sequence");
        if (sequence == 0) {
            throw ApiException.invalid("'sequence' starts at 1");
        }
        Responses.whenDone(ctx, withDeadline(charging.interim(account, callId, sequence, System.currentTimeMillis())), result -> {
            requireSession(result);
            return Answer.ok(new JsonObject().put("callId", callId)
                    .put("maxDurationSeconds", result.maxDurationSecs())
                    .put("reserved", Money.ofMicros(result.reservedMicros()).toPlainString())
                    .put("replay", result.replay()));
        });
    }

    private Answer authoriseAnswer(ChargingResult result) {
        if (result.outcome() == Outcome.UNKNOWN_ACCOUNT) {
            metrics.denied(result.denyReason().name());
            return new Answer(404, Responses.errorBody("ACCOUNT_UNKNOWN", "no such account")
                    .put("decision", "DENY").put("reason", "ACCOUNT_UNKNOWN").put("maxDurationSeconds", 0));
        }
        JsonObject body = new JsonObject().put("callId", result.callId());
        if (result.outcome() == Outcome.DENIED) {
            metrics.denied(result.denyReason().name());
            return Answer.ok(body.put("decision", "DENY").put("reason", result.denyReason().name()).put("maxDurationSeconds", 0));
        }
        if (!result.replay()) {
            metrics.callStarted();
        }
        return Answer.ok(body.put("decision", "ALLOW")
                .put("maxDurationSeconds", result.maxDurationSecs())
                .put("rate", new JsonObject().put("id", result.rateId())
                        .put("pricePerMinute", Money.ofMicros(result.pricePerMinuteMicros()).toPlainString()))
                .put("reserved", Money.ofMicros(result.reservedMicros()).toPlainString())
                .put("currency", result.currency())
                .put("replay", result.replay()));
    }

    private void start(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String callId = body.id("callId");
        String account = body.id("account");
        Responses.whenDone(ctx, withDeadline(charging.answer(account, callId, System.currentTimeMillis())), result -> {
            requireSession(result);
            return Answer.ok(new JsonObject().put("callId", callId).put("state", "ANSWERED").put("replay", result.replay()));
        });
    }

    private void stop(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String callId = body.id("callId");
        String account = body.id("account");
        long duration = body.nonNegativeLong("durationSeconds");
        String raw = body.json().encode();
        Responses.whenDone(ctx, withDeadline(charging.stop(account, callId, duration, System.currentTimeMillis(), raw)), result -> {
            requireSession(result);
            if (!result.replay()) {
                metrics.callEnded();
            }
            return Answer.ok(new JsonObject().put("callId", callId)
                    .put("durationSeconds", result.durationSecs())
                    .put("billedSeconds", result.billedSecs())
                    .put("cost", Money.ofMicros(result.costMicros()).toPlainString())
                    .put("balance", Money.ofMicros(result.balanceMicros()).toPlainString())
                    .put("currency", result.currency())
                    .put("replay", result.replay()));
        });
    }

    private static void requireSession(ChargingResult result) {
        if (result.outcome() == Outcome.UNKNOWN_SESSION) {
            throw new ApiException(404, "SESSION_UNKNOWN", "no authorised call with that callId for that account");
        }
    }

    /** A switch must never hang: a grid that does not answer in time is a 503. */
    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> future) {
        return future.orTimeout(gridDeadline.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new ApiException(503, "GRID_UNAVAILABLE",
                        "the charging grid did not answer within " + gridDeadline.toMillis() + " ms"));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
