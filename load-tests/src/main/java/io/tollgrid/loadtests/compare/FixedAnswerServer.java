package io.tollgrid.loadtests.compare;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The limit: the same kind of Vert.x front as the gateway (one HTTP server, a Router, a body handler, JSON
 * parsed), answering authorise, start and stop with fixed bodies and doing no billing at all.
 * Argument: the HTTP port. Prints READY once listening.
 */
public final class FixedAnswerServer {
    private static final String ALLOW = new JsonObject().put("decision", "ALLOW").put("maxDurationSeconds", 9978)
            .put("rate", new JsonObject().put("id", "flat").put("pricePerMinute", "0.020000"))
            .put("reserved", "4.999000").put("currency", "EUR").put("replay", false).encode();
    private static final String STARTED = "{\"state\":\"ANSWERED\",\"replay\":false}";
    private static final String STOPPED = "{\"durationSeconds\":95,\"billedSeconds\":96,\"cost\":\"0.058000\","
            + "\"balance\":\"4.942000\",\"currency\":\"EUR\",\"replay\":false}";

    private FixedAnswerServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(65_536));
        router.post("/v1/calls/authorise").handler(ctx -> answer(ctx, ALLOW));
        router.post("/v1/calls/start").handler(ctx -> answer(ctx, STARTED));
        router.post("/v1/calls/stop").handler(ctx -> answer(ctx, STOPPED));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("fixed-answer server on " + port + "; READY");
    }

    private static void answer(io.vertx.ext.web.RoutingContext ctx, String body) {
        JsonObject request = ctx.body().asJsonObject();
        if (request == null || request.getString("callId") == null) {
            ctx.response().setStatusCode(400).end("{\"error\":{\"code\":\"INVALID_REQUEST\"}}");
            return;
        }
        ctx.response().putHeader("content-type", "application/json").end(body);
    }
}
