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

    public record Reply(int status, String body) {
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
