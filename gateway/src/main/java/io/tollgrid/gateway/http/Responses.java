package io.tollgrid.gateway.http;

import io.tollgrid.grid.charging.ChargingClient;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Writes answers. Every error uses one shape: {@code {"error":{"code":"...","message":"..."}}}; bugs
 * become 500 with a correlation id that is logged, never a stack trace to the client.
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** Where an error answer's code is kept on the request, for the audit trail. */
    public static final String ERROR_CODE = "tollgrid.error-code";

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        if (status >= 400 && body.getValue("error") instanceof JsonObject error) {
            ctx.put(ERROR_CODE, error.getString("code"));
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    public static JsonObject errorBody(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
    }

    public static void fail(RoutingContext ctx, Throwable failure) {
        Answer answer = answerFor(failure, ctx.request().method() + " " + ctx.request().path());
        json(ctx, answer.status(), answer.body());
    }

    /** The answer to a failed request: an {@link ApiException}'s own, or a logged 500 for anything else. */
    public static Answer answerFor(Throwable failure, String request) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiException api) {
            return new Answer(api.status(), errorBody(api.code(), api.getMessage()));
        }
        if (cause instanceof ChargingClient.NoQuorum) {
            return new Answer(503, errorBody("GRID_UNAVAILABLE", "the charging grid is partitioned and this gateway is "
                    + "on the minority side; nothing was changed; try another gateway (" + cause.getMessage() + ")"));
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.error("request {} failed, correlation id {}", request, correlationId, cause);
        return new Answer(500, errorBody("INTERNAL", "internal error; correlation id " + correlationId)
                .put("correlationId", correlationId));
    }

    /**
     * Completes the request from an asynchronous result that may finish on a foreign (Ignite or driver)
     * thread: the answer is written back on the request's own Vert.x context.
     */
    public static <T> void whenDone(RoutingContext ctx, CompletionStage<T> stage, Function<T, Answer> toAnswer) {
        Context context = ctx.vertx().getOrCreateContext();
        stage.whenComplete((value, error) -> context.runOnContext(ignored -> {
            if (error != null) {
                fail(ctx, error);
                return;
            }
            try {
                Answer answer = toAnswer.apply(value);
                json(ctx, answer.status(), answer.body());
            } catch (RuntimeException e) {
                fail(ctx, e);
            }
        }));
    }

    /** An HTTP status and JSON body. */
    public record Answer(int status, JsonObject body) {
        public static Answer ok(JsonObject body) {
            return new Answer(200, body);
        }
    }
}
