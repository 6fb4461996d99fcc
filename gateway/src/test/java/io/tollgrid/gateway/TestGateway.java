package io.tollgrid.gateway;

import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.Ignite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One grid server node and a gateway in front of it, as a client node of its own, driven over HTTP the way a
 * switch, a tenant or the operator drives it. The gateway trusts the switch key {@link #SWITCH_KEY} only.
 */
public final class TestGateway implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String SWITCH_KEY = "test-operator-switch-0001";

    private final Ignite server;
    private final Gateway gateway;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Ignite server, Gateway gateway) {
        this.server = server;
        this.gateway = gateway;
    }

    public static TestGateway start(String name, CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings(name + "-server");
        Ignite server = GridNodes.startServer(grid);
        try {
            Gateway gateway = Gateway.start(new GatewaySettings("127.0.0.1", 0, 16 * 1024, Duration.ofSeconds(5),
                    ADMIN_KEY, new OperatorSwitches(List.of(SWITCH_KEY), Set.of(), 0),
                    grid.withInstanceName(name + "-gateway"), CassandraConnection.parse(cassandra.spec()),
                    name.replace('-', '_'), 1));
            return new TestGateway(server, gateway);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public Ignite server() {
        return server;
    }

    public int port() {
        return gateway.port();
    }

    public Account account(String id) {
        return server.<String, Account>cache(Caches.ACCOUNTS).get(id);
    }

    /** An admin write that must succeed (201). */
    public void admin(String path, String body) {
        Reply reply = post(path, body, ADMIN_KEY);
        assertEquals(201, reply.status(), path + " " + body + " -> " + reply.body());
    }

    /**
     * Creates a principal as the operator ({@code account}: an end user's, else null) and issues it a key: the key.
     */
    public String principalKey(String principalId, String role, String tenantId, String account) {
        JsonObject body = new JsonObject().put("principalId", principalId).put("role", role).put("name", principalId)
                .put("tenantId", tenantId);
        if (account != null) {
            body.put("accountId", account);
        }
        admin("/admin/principals", body.encode());
        Reply key = post("/admin/principals/" + principalId + "/keys", "{\"name\":\"test\"}", ADMIN_KEY);
        assertEquals(201, key.status(), key.body());
        return key.json().getString("key");
    }

    public record Reply(int status, String body, String head) {
        public Reply(int status, String body) {
            this(status, body, "");
        }

        public JsonObject json() {
            return new JsonObject(body);
        }

        public String errorCode() {
            return json().getJsonObject("error").getString("code");
        }
    }

    public Reply post(String path, String body, String bearer) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** As the operator's switch. */
    public Reply postFromSwitch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").header("X-Switch-Key", SWITCH_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply get(String path, String bearer) {
        HttpRequest.Builder request = request(path).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /**
     * A request sent from a chosen loopback address (every 127.x.y.z is this host on Linux), so a test can act
     * as many clients. {@code headers} are "Name: value" lines.
     */
    public Reply fromAddress(String address, String method, String path, String body, String... headers) {
        byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(address, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(9, 12));
            int split = reply.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : reply.substring(split + 4), reply.substring(0, Math.max(0, split)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            server.close();
        }
    }
}
