package io.tollgrid.gateway.http;

import io.tollgrid.grid.charging.ChargingClient;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.transactions.TransactionDeadlockException;
import org.apache.ignite.transactions.TransactionTimeoutException;
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
        String passing = transientGridFailure(cause);
        if (passing != null) {
            return new Answer(503, errorBody("GRID_UNAVAILABLE", "the charging grid could not finish the request ("
                    + passing + "); nothing was changed; retry"));
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.error("request {} failed, correlation id {}", request, correlationId, cause);
        return new Answer(500, errorBody("INTERNAL", "internal error; correlation id " + correlationId)
                .put("correlationId", correlationId));
    }

    /**
     * Grid failures that roll a transaction back and pass with time (a lock wait over the transaction timeout, a
     * deadlock broken by Ignite, the owner node leaving, a side of a partition refusing writes): the caller may retry,
     * so they are 503s, not bugs. Returns a short name for the answer, or null.
     */
    static String transientGridFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransactionTimeoutException) {
                return "a lock wait timed out";
            }
            if (cause instanceof TransactionDeadlockException) {
                return "a deadlock was broken";
            }
            if (cause instanceof ClusterTopologyException || cause instanceof IgniteClientDisconnectedException) {
                return "a grid node left";
            }
            // Ignite's topology validator refusing writes on a side without quorum (an internal class).
            if (cause.getClass().getSimpleName().equals("CacheInvalidStateException")) {
                return "the grid refuses writes to that data for now: no quorum, or every copy of its partition is away";
            }
        }
        return null;
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
