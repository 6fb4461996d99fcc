package io.tollgrid.ops.console;

import io.tollgrid.localcluster.FreePorts;
import io.tollgrid.ops.stack.DemoData;
import io.tollgrid.ops.stack.LocalStack;
import io.tollgrid.ops.stack.StackSettings;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole local stack with the demo data, shared by the console's browser tests (one start, about 30 s, instead of
 * one per test), and the API calls they make beside the browser. Each test works in tenants and accounts of its own.
 */
final class ConsoleStack implements AutoCloseable {
    private final LocalStack stack;
    final String url;
    final String adminKey;
    final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConsoleStack(LocalStack stack, String adminKey, Path dir) {
        this.stack = stack;
        this.url = stack.gatewayUrl();
        this.adminKey = adminKey;
        this.dir = dir;
    }

    static ConsoleStack start() throws Exception {
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-");
        StackSettings settings = new StackSettings(dir, FreePorts.next(), FreePorts.next(), FreePorts.nextRange(10),
                FreePorts.nextRange(50), FreePorts.nextRange(3), "console-test-admin-key-0001");
        LocalStack stack = LocalStack.start(settings);
        try {
            DemoData.load(stack.gatewayUrl(), settings.adminKey());
            return new ConsoleStack(stack, settings.adminKey(), dir);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** A directory of its own for one test's browser. */
    Path newDir(String prefix) throws Exception {
        return Files.createTempDirectory(dir, prefix);
    }

    void admin(String path, String body) throws Exception {
        post(path, adminKey, body, 201);
    }

    /** A call on {@code account} to 442071234567, authorised (must be allowed) and answered. */
    void authoriseAndStart(String account, String callId) throws Exception {
        JsonObject authorise = post("/v1/calls/authorise", null, "{\"callId\":\"" + callId + "\",\"account\":\""
                + account + "\",\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", 200);
        assertEquals("ALLOW", authorise.getString("decision"), authorise.encode());
        post("/v1/calls/start", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + account + "\"}", 200);
    }

    void stop(String account, String callId, int seconds) throws Exception {
        post("/v1/calls/stop", null, "{\"callId\":\"" + callId + "\",\"account\":\"" + account
                + "\",\"durationSeconds\":" + seconds + "}", 200);
    }

    JsonObject post(String path, String bearer, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), path + ": " + response.body());
        return new JsonObject(response.body());
    }

    @Override
    public void close() {
        stack.close();
    }
}
