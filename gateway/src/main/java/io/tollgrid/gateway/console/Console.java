package io.tollgrid.gateway.console;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.Responses;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Mounts the web console: its pages under {@code /console/} (no credentials: they hold no data, and call the
 * API with the key the user logs in with) and {@code GET /admin/noc}, the NOC page's summary of every
 * process's metrics (the admin key, checked by the admin API's {@code /admin/*} route mounted before).
 */
public final class Console {
    private final ConsoleAssets assets;
    private final NocSummary noc;

    public Console(ConsoleAssets assets, NocSummary noc) {
        this.assets = assets;
        this.noc = noc;
    }

    /** Mount after the admin API, whose {@code /admin/*} route checks the admin key first. */
    public void mount(Router router, ApiContract contract) {
        router.route("/console/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(assets::serve);
        router.get("/admin/noc").handler(contract.validate("nocSummary"))
                .handler(ctx -> Responses.whenDone(ctx, noc.read(), Responses.Answer::ok));
    }
}
