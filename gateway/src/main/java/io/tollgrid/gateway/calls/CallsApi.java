package io.tollgrid.gateway.calls;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * POST /v1/calls/authorise, /start, /interim and /stop over HTTP, for switches {@link SwitchGate} lets in;
 * the operations themselves are {@link SwitchCalls}.
 */
public final class CallsApi {
    private final SwitchCalls calls;

    public CallsApi(SwitchCalls calls) {
        this.calls = calls;
    }

    public void mount(Router router, SwitchGate gate, ApiContract contract) {
        router.route("/v1/calls/*").handler(gate::handle);
        router.post("/v1/calls/authorise").handler(contract.validate("authorise"))
                .handler(ctx -> answer(ctx, calls.authorise(SwitchGate.credentialOf(ctx), JsonBodies.of(ctx))));
        router.post("/v1/calls/start").handler(contract.validate("start"))
                .handler(ctx -> answer(ctx, calls.start(SwitchGate.credentialOf(ctx), JsonBodies.of(ctx))));
        router.post("/v1/calls/interim").handler(contract.validate("interim"))
                .handler(ctx -> answer(ctx, calls.interim(SwitchGate.credentialOf(ctx), JsonBodies.of(ctx))));
        router.post("/v1/calls/stop").handler(contract.validate("stop"))
                .handler(ctx -> answer(ctx, calls.stop(SwitchGate.credentialOf(ctx), JsonBodies.of(ctx), ctx.body().asString())));
    }

    private static void answer(RoutingContext ctx, java.util.concurrent.CompletableFuture<Responses.Answer> answer) {
        Responses.whenDone(ctx, answer, Function.identity());
    }
}
