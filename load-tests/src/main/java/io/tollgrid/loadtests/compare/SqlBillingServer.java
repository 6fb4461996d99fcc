package io.tollgrid.loadtests.compare;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.concurrent.Callable;

/**
 * {@link SqlBilling} behind the same kind of Vert.x front as the gateway: one HTTP server, a Router, JSON
 * bodies, the same paths and answers. JDBC blocks, so each request runs on a worker thread, one per pooled
 * connection (HikariCP, prepared statements cached by the driver).
 * Arguments: HTTP port, JDBC URL, pool size. Prints READY once listening.
 */
public final class SqlBillingServer {
    private SqlBillingServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String url = args[1];
        int poolSize = Integer.parseInt(args[2]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        // Server-side prepared statements from the first use (pgjdbc's default waits for the fifth).
        config.addDataSourceProperty("prepareThreshold", "1");
        HikariDataSource pool = new HikariDataSource(config);
        SqlBilling.createSchema(pool);
        SqlBilling billing = new SqlBilling(pool);
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(poolSize));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(65_536));
        router.post("/v1/calls/authorise").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            run(vertx, ctx, () -> billing.authorise(body.getString("account"), body.getString("callId"),
                    body.getString("caller", ""), body.getString("callee")));
        });
        router.post("/v1/calls/start").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            run(vertx, ctx, () -> billing.start(body.getString("account"), body.getString("callId")));
        });
        router.post("/v1/calls/stop").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            String raw = body.encode();
            run(vertx, ctx, () -> billing.stop(body.getString("account"), body.getString("callId"),
                    body.getLong("durationSeconds"), raw));
        });
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("sql billing server on " + port + " (pool " + poolSize + "); READY");
    }

    private static void run(Vertx vertx, RoutingContext ctx, Callable<SqlBilling.Answer> step) {
        vertx.executeBlocking(step, false).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().setStatusCode(done.result().status()).putHeader("content-type", "application/json")
                        .end(done.result().json());
            } else {
                ctx.response().setStatusCode(500).putHeader("content-type", "application/json")
                        .end("{\"error\":{\"code\":\"INTERNAL\",\"message\":\"" + done.cause().getClass().getSimpleName() + "\"}}");
            }
        });
    }
}
