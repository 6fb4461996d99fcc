package io.tollgrid.gateway.tenant;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The tenant CDR query shows a forked call's legs as imported (leg, answered party), and only to their tenant. */
@ExtendWith(CassandraExtension.class)
class TenantCdrLegsTest {
    private static final String KEY = "legs-tenant-key-00000001";
    private static final String OTHER_KEY = "legs-other-key-000000001";

    @Test
    void legsOfAForkedCallComeBackWithLegAndAnsweredPartyToTheirTenantOnly(CassandraEndpoint cassandra) {
        try (TestGateway gateway = TestGateway.start("legs-test", cassandra); CqlSession session = cassandra.openSession()) {
            gateway.admin("/admin/rate-plans", "{\"planId\":\"l-flat\",\"pricePerMinute\":\"0.03\"}");
            gateway.admin("/admin/tenants", "{\"tenantId\":\"lt\",\"name\":\"lt\",\"apiKey\":\"" + KEY + "\"}");
            gateway.admin("/admin/tenants", "{\"tenantId\":\"lo\",\"name\":\"lo\",\"apiKey\":\"" + OTHER_KEY + "\"}");
            gateway.admin("/admin/accounts", "{\"tenantId\":\"lt\",\"accountId\":\"lt-1\",\"currency\":\"EUR\","
                    + "\"ratePlanId\":\"l-flat\",\"balance\":\"0\"}");
            CdrStore cdrs = CdrStore.open(session, "legs_test", 1);
            Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            cdrs.write(new RatedCdr("lt", "lt-1", "1701.1", "201", "300", start, start.plusSeconds(5),
                    start.plusSeconds(65), 60, 60, "ANSWERED", "l-flat", Money.parse("0.03"), "EUR", "pbx", "raw answered",
                    null, "SIP/201-0001")).toCompletableFuture().join();
            cdrs.write(new RatedCdr("lt", "lt-1", RatedCdr.legCallId("1701.1", "2"), "201", "300", start, null,
                    start.plusSeconds(5), 0, 0, "NO ANSWER", "l-flat", Money.parse("0"), "EUR", "pbx", "raw unanswered",
                    "2", null)).toCompletableFuture().join();

            Reply reply = gateway.get("/v1/accounts/lt-1/cdrs", KEY);
            assertEquals(200, reply.status(), reply.body());
            JsonArray rows = reply.json().getJsonArray("cdrs");
            assertEquals(2, rows.size(), reply.body());
            int answeredRow = rows.getJsonObject(0).getString("callId").equals("1701.1") ? 0 : 1;
            JsonObject answered = rows.getJsonObject(answeredRow);
            JsonObject unanswered = rows.getJsonObject(1 - answeredRow);
            assertEquals("SIP/201-0001", answered.getString("answeredParty"));
            assertFalse(answered.containsKey("leg"), answered.encode());
            assertEquals("2", unanswered.getString("leg"));
            assertEquals("1701.1;leg=2", unanswered.getString("callId"));
            assertFalse(unanswered.containsKey("answeredParty"), unanswered.encode());

            Reply other = gateway.get("/v1/accounts/lt-1/cdrs", OTHER_KEY);
            assertEquals(404, other.status(), "another tenant must not see the account: " + other.body());
        }
    }
}
