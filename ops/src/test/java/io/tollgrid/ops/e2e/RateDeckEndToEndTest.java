package io.tollgrid.ops.e2e;

import io.tollgrid.gateway.Gateway;
import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.gateway.calls.OperatorSwitches;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.rateplan.TestDecks;
import io.tollgrid.history.CassandraConnection;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator uploads rate decks over HTTP; a switch's calls are then priced by them. The gateway's general
 * body limit here is 16 KiB, far below a deck.
 */
@ExtendWith(CassandraExtension.class)
class RateDeckEndToEndTest {
    private static final String ADMIN_KEY = "deck-admin-key-0123456789";
    private static final String SWITCH = "deck-operator-switch-0001";

    private static Ignite server;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        GridSettings grid = TestGrids.settings("deck-e2e-server");
        server = GridNodes.startServer(grid);
        gateway = Gateway.start(new GatewaySettings("127.0.0.1", 0, 16 * 1024, Duration.ofSeconds(5), ADMIN_KEY,
                new OperatorSwitches(List.of(SWITCH), Set.of(), 0), grid.withInstanceName("deck-e2e-gateway"),
                CassandraConnection.parse(cassandra.spec()), "deck_e2e", 1));
        http = new Http("http://127.0.0.1:" + gateway.port());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        server.close();
    }

    private static String upload(Map<String, String> tables) {
        return new JsonObject().put("tables", new JsonObject(Map.copyOf(tables))).encode();
    }

    private static void admin(String path, String body) {
        Http.Reply reply = http.post(path, body, ADMIN_KEY);
        assertEquals(201, reply.status(), reply.body());
    }

    @Test
    void anUploadedDeckPricesCallsAndABadOneIsRefusedWithLineAndColumn() {
        // 2,000 extra rows: the body is far over the general 16 KiB limit.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("deck-retail,49").append(1000 + i).append(",Germany,DE,*,false,MINUTE,0.05,0,60,60,0,0,")
                    .append("2020-01-01T00:00:00Z,,0\n");
        }
        String body = upload(TestDecks.with("", many.toString()));
        assertTrue(body.length() > 16 * 1024);

        Http.Reply anonymous = http.post("/admin/rate-decks", body);
        Http.Reply uploaded = http.post("/admin/rate-decks", body, ADMIN_KEY);

        assertEquals(401, anonymous.status(), anonymous.body());
        assertEquals("UNAUTHENTICATED", anonymous.errorCode());
        assertEquals(201, uploaded.status(), uploaded.body());
        long version = uploaded.json().getLong("version");
        assertEquals(List.of("deck-retail"), uploaded.json().getJsonArray("plans").getList());
        JsonObject nodes = uploaded.json().getJsonObject("nodes");
        assertEquals(Set.of("deck-e2e-server"), nodes.fieldNames());
        assertEquals(version, nodes.getLong("deck-e2e-server"));

        Http.Reply bad = http.post("/admin/rate-decks", upload(TestDecks.with("",
                "deck-retail,49,Germany,DE,*,false,MINUTE,0.1x,0,60,60,0,0,2020-01-01T00:00:00Z,,0\n")), ADMIN_KEY);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("DECK_REJECTED", bad.errorCode());
        String firstError = bad.json().getJsonObject("error").getJsonArray("errors").getString(0);
        assertTrue(firstError.startsWith("rates.csv line 5 column price"), firstError);
        Http.Reply active = http.get("/admin/rate-decks/active", ADMIN_KEY);
        assertEquals(200, active.status(), active.body());
        assertEquals(version, active.json().getLong("version"));

        // The account needs a known plan id; the deck, which has the plan, prices its calls.
        admin("/admin/tenants", "{\"tenantId\":\"deck-t\",\"name\":\"T\",\"apiKey\":\"deck-tenant-key-000001\"}");
        admin("/admin/rate-plans", "{\"planId\":\"deck-retail\",\"pricePerMinute\":\"0.60\"}");
        admin("/admin/accounts", "{\"tenantId\":\"deck-t\",\"accountId\":\"deck-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"deck-retail\",\"balance\":\"1.00\"}");
        Http.Reply authorised = http.postFromSwitch("/v1/calls/authorise", "{\"callId\":\"d1\",\"account\":\"deck-1\","
                + "\"caller\":\"35929000001\",\"callee\":\"442071234567\"}", SWITCH);
        assertEquals(200, authorised.status(), authorised.body());
        JsonObject rate = authorised.json().getJsonObject("rate");
        assertEquals("deck-retail/4420@v" + version, rate.getString("id"));
        assertEquals("4420", rate.getString("prefix"));
        assertEquals("0.024000", rate.getString("price"));
        assertEquals("0.024000", rate.getString("pricePerMinute"));
        assertEquals("0.005000", rate.getString("connectFee"));
        assertEquals(2484, authorised.json().getLong("maxDurationSeconds"));
        Http.Reply stopped = http.postFromSwitch("/v1/calls/stop",
                "{\"callId\":\"d1\",\"account\":\"deck-1\",\"durationSeconds\":95}", SWITCH);
        assertEquals("0.043400", stopped.json().getString("cost"), stopped.body());
        Http.Reply blocked = http.postFromSwitch("/v1/calls/authorise", "{\"callId\":\"d2\",\"account\":\"deck-1\","
                + "\"callee\":\"359900123456\"}", SWITCH);
        assertEquals("DENY", blocked.json().getString("decision"), blocked.body());
        assertEquals("DESTINATION_BLOCKED", blocked.json().getString("reason"));
    }
}
