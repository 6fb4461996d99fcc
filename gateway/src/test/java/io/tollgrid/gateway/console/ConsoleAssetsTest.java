package io.tollgrid.gateway.console;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.grid.node.GridQuorum;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's files as a browser gets them from a real Vert.x server: content types, revalidation by ETag,
 * the headers that keep the pages to their own origin, and nothing but the listed files, whatever the path says.
 */
class ConsoleAssetsTest {
    static Vertx vertx;
    static HttpServer server;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new Console(ConsoleAssets.load(), new NocSummary(() -> "", () -> new GridQuorum.View(1, 1, true), NocTargets.NONE))
                .mount(router, ApiContract.load(vertx));
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404).end("not found"));
        router.route().failureHandler(ctx -> io.tollgrid.gateway.http.Responses.fail(ctx, ctx.failure()));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyFileHasItsContentTypeAndRevalidates() throws Exception {
        String[][] expected = {{"/console/", "text/html; charset=utf-8"}, {"/console/index.html", "text/html; charset=utf-8"},
                {"/console/console.css", "text/css; charset=utf-8"}, {"/console/console.js", "text/javascript; charset=utf-8"},
                {"/console/login.js", "text/javascript; charset=utf-8"}, {"/console/noc.js", "text/javascript; charset=utf-8"},
                {"/console/charts.js", "text/javascript; charset=utf-8"}};
        for (String[] file : expected) {
            HttpResponse<String> response = get(file[0]);
            assertEquals(200, response.statusCode(), file[0]);
            assertEquals(file[1], response.headers().firstValue("content-type").orElse(""), file[0]);
            assertEquals("no-cache", response.headers().firstValue("cache-control").orElse(""), file[0]);
            assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElse(""), file[0]);
            assertTrue(response.headers().firstValue("content-security-policy").orElse("").contains("default-src 'self'"));
            String etag = response.headers().firstValue("etag").orElseThrow();
            HttpResponse<String> again = get(file[0], "If-None-Match", etag);
            assertEquals(304, again.statusCode(), file[0] + " unchanged answers 304");
            assertEquals("", again.body());
        }
        assertTrue(get("/console/").body().contains("<title>Tollgrid console</title>"));
        assertEquals(200, get("/console/", "If-None-Match", "\"something-else\"").statusCode());
    }

    @Test
    void consoleWithoutSlashRedirectsOnce() throws Exception {
        HttpResponse<String> response = get("/console");
        assertEquals(301, response.statusCode());
        assertEquals("/console/", response.headers().firstValue("location").orElse(""));
    }

    @Test
    void nothingOutsideTheListedFilesIsServed() throws Exception {
        for (String path : new String[]{"/console/openapi.yaml", "/console/../console/nope.js", "/console/sub/index.html",
                "/console/%2e%2e/%2e%2e/etc/passwd", "/console/..%2f..%2fopenapi.yaml", "/console/.%2e/gateway/openapi.yaml",
                "/console/index.html%00.js", "/console/Console.class", "/console/io/tollgrid/gateway/openapi.yaml"}) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            assertFalse(response.body().contains("openapi:") || response.body().contains("root:"), path);
        }
        // Raw request lines a browser would normalise first.
        for (String target : new String[]{"/console/../../../../etc/passwd", "/console/..\\..\\openapi.yaml"}) {
            String answer = raw(target);
            assertFalse(answer.contains("root:") || answer.contains("openapi:"), target + ": " + answer);
        }
    }

    private static String raw(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
