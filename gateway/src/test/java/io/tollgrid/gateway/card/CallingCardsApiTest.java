package io.tollgrid.gateway.card;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calling cards through the gateway on a real grid node: the operator's and a reseller's batches over the admin API,
 * a card's first authorise by PIN activating and funding it, an unused card refused once its use-by has passed, wrong
 * PINs locking out one caller (not the switch) before a right PIN is even looked at, and another reseller refused.
 */
@ExtendWith(CassandraExtension.class)
class CallingCardsApiTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestGateway gateway;
    private static String resellerA;
    private static String resellerB;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("cards-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"k-flat\",\"pricePerMinute\":\"0.60\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ka\",\"name\":\"ka\",\"apiKey\":\"cards-tenant-a-key-0001\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"kb\",\"name\":\"kb\",\"apiKey\":\"cards-tenant-b-key-0001\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ka-shop\",\"name\":\"shop\",\"parentId\":\"ka\","
                + "\"apiKey\":\"cards-tenant-a-shop-0001\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"ka\",\"accountId\":\"ka-wallet\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"k-flat\"}");
        gateway.admin("/admin/accounts/ka-wallet/transfers", "{\"transferId\":\"ka-pay\",\"kind\":\"TOPUP\","
                + "\"amount\":\"20.00\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ka\",\"name\":\"ka\",\"apiKey\":\"cards-tenant-a-key-0001\","
                + "\"walletAccount\":\"ka-wallet\"}");
        resellerA = gateway.principalKey("ka-admin", "RESELLER_ADMIN", "ka", null);
        resellerB = gateway.principalKey("kb-admin", "RESELLER_ADMIN", "kb", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theFirstCallByPinActivatesAndFundsTheCard() {
        Reply made = gateway.fromAddress("127.9.0.1", "POST", "/admin/calling-card-batches", batch("ka-shop", 2, "5.00",
                30, Instant.now().plusSeconds(86_400)).encode(), "Authorization: Bearer " + TestGateway.ADMIN_KEY);
        assertEquals(201, made.status(), made.body());
        assertTrue(made.head().toLowerCase().contains("cache-control: no-store"), made.head());
        JsonObject batch = made.json();
        assertEquals("INACTIVE", batch.getString("status"));
        assertEquals(null, batch.getString("escrowAccount"), "the operator's cards: paid at first use");
        String card = batch.getJsonArray("cards").getJsonObject(0).getString("accountId");
        String pin = batch.getJsonArray("cards").getJsonObject(0).getString("pin");
        String other = batch.getJsonArray("cards").getJsonObject(1).getString("accountId");
        assertEquals(AccountStatus.FROZEN, gateway.account(card).status());

        // An inactive card cannot be reached by its account id: only its PIN activates it.
        JsonObject direct = authorise("k-direct-" + IDS.incrementAndGet(), "\"account\":\"" + other + "\"");
        assertEquals("DENY", direct.getString("decision"));
        assertEquals("ACCOUNT_FROZEN", direct.getString("reason"));

        JsonObject first = authorise("k-first-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\",\"caller\":\"3591\"");
        assertEquals("ALLOW", first.getString("decision"), first.encode());
        assertEquals(card, first.getString("account"));
        assertEquals(AccountStatus.ACTIVE, gateway.account(card).status());
        assertEquals(Money.parse("5.00").micros(), gateway.account(card).balanceMicros());
        JsonObject second = authorise("k-second-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\",\"caller\":\"3591\"");
        // The first call, still up, holds the whole card (full reservation): the second is charged as any call is,
        // and the card is not paid a second time.
        assertEquals("DENY", second.getString("decision"), second.encode());
        assertEquals("INSUFFICIENT_CREDIT", second.getString("reason"));
        assertEquals(Money.parse("5.00").micros(), gateway.account(card).balanceMicros(), "funded once");
    }

    @Test
    void aCardNeverUsedBeforeItsUseByIsRefusedWithItsReason() throws Exception {
        Reply made = gateway.post("/admin/calling-card-batches", batch("ka-shop", 1, "5.00", 30,
                Instant.now().plusSeconds(2)).encode(), TestGateway.ADMIN_KEY);
        assertEquals(201, made.status(), made.body());
        String card = made.json().getJsonArray("cards").getJsonObject(0).getString("accountId");
        String pin = made.json().getJsonArray("cards").getJsonObject(0).getString("pin");
        Thread.sleep(2_500);
        JsonObject late = authorise("k-late-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\",\"caller\":\"3592\"");
        assertEquals("DENY", late.getString("decision"), late.encode());
        assertEquals("CARD_EXPIRED", late.getString("reason"));
        assertEquals(0, gateway.account(card).balanceMicros(), "nothing paid into an expired card");
        assertEquals(AccountStatus.FROZEN, gateway.account(card).status());
    }

    @Test
    void wrongPinsLockOutTheCallerNotTheSwitch() {
        Reply made = gateway.post("/admin/calling-card-batches", batch("ka-shop", 1, "3.00", 30,
                Instant.now().plusSeconds(86_400)).encode(), TestGateway.ADMIN_KEY);
        assertEquals(201, made.status(), made.body());
        String card = made.json().getJsonArray("cards").getJsonObject(0).getString("accountId");
        String pin = made.json().getJsonArray("cards").getJsonObject(0).getString("pin");
        String guesser = "\"caller\":\"35988" + IDS.incrementAndGet() + "\"";
        for (int i = 0; i < 5; i++) {
            Reply wrong = gateway.postFromSwitch("/v1/calls/authorise", "{\"callId\":\"k-guess-" + IDS.incrementAndGet()
                    + "\",\"callee\":\"447700900111\",\"pin\":\"00000000000" + i + "\"," + guesser + "}");
            assertEquals(404, wrong.status(), wrong.body());
            assertEquals("ACCOUNT_UNKNOWN", wrong.json().getString("reason"));
        }
        // The sixth try, with the right PIN, is refused before it is looked up: the card stays unused.
        JsonObject locked = authorise("k-locked-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\"," + guesser);
        assertEquals("DENY", locked.getString("decision"), locked.encode());
        assertEquals("PIN_LOCKED", locked.getString("reason"));
        assertEquals(AccountStatus.FROZEN, gateway.account(card).status());
        assertEquals(0, gateway.account(card).balanceMicros());

        // Another caller of the same switch is not affected, and the switch's other calls go on.
        JsonObject honest = authorise("k-honest-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\",\"caller\":\"3593\"");
        assertEquals("ALLOW", honest.getString("decision"), honest.encode());
        assertEquals(Money.parse("3.00").micros(), gateway.account(card).balanceMicros());
    }

    @Test
    void aResellersBatchIsPrepaidFromItsWalletAndOtherResellersAreRefused() {
        Reply theirs = gateway.post("/admin/calling-card-batches", batch("ka-shop", 1, "1.00", 30,
                Instant.now().plusSeconds(86_400)).encode(), resellerB);
        assertEquals(404, theirs.status(), theirs.body());
        assertEquals(401, gateway.post("/admin/calling-card-batches", batch("ka-shop", 1, "1.00", 30,
                Instant.now().plusSeconds(86_400)).encode(), "cards-tenant-a-key-0001").status());
        long walletBefore = gateway.account("ka-wallet").balanceMicros();

        Reply tooBig = gateway.post("/admin/calling-card-batches", batch("ka-shop", 100, "5.00", 30,
                Instant.now().plusSeconds(86_400)).encode(), resellerA);
        assertEquals(409, tooBig.status(), tooBig.body());
        assertEquals("INSUFFICIENT_FUNDS", tooBig.errorCode());
        assertEquals(walletBefore, gateway.account("ka-wallet").balanceMicros());

        Reply made = gateway.post("/admin/calling-card-batches", batch("ka-shop", 2, "2.00", 30,
                Instant.now().plusSeconds(86_400)).encode(), resellerA);
        assertEquals(201, made.status(), made.body());
        String escrow = made.json().getString("escrowAccount");
        assertEquals(walletBefore - Money.parse("4.00").micros(), gateway.account("ka-wallet").balanceMicros());
        assertEquals(Money.parse("4.00").micros(), gateway.account(escrow).balanceMicros());
        String pin = made.json().getJsonArray("cards").getJsonObject(0).getString("pin");
        String card = made.json().getJsonArray("cards").getJsonObject(0).getString("accountId");
        JsonObject first = authorise("k-resold-" + IDS.incrementAndGet(), "\"pin\":\"" + pin + "\",\"caller\":\"3594\"");
        assertEquals("ALLOW", first.getString("decision"), first.encode());
        assertEquals(Money.parse("2.00").micros(), gateway.account(card).balanceMicros());
        assertEquals(Money.parse("2.00").micros(), gateway.account(escrow).balanceMicros(), "paid from the escrow");
    }

    @Test
    void badBatchesAreRefused() {
        Instant later = Instant.now().plusSeconds(86_400);
        List<JsonObject> bad = List.of(batch("ka-shop", 0, "1.00", 30, later), batch("ka-shop", 1001, "1.00", 30, later),
                batch("ka-shop", 1, "0", 30, later), batch("ka-shop", 1, "1.00", 0, later),
                batch("ka-shop", 1, "1.00", 367, later), batch("ka-shop", 1, "1.00", 30, Instant.now().minusSeconds(5)),
                batch("ka-shop", 1, "1.00", 30, later).put("useBy", "tomorrow"),
                batch("ka-shop", 1, "1.00", 30, later).put("colour", "blue"));
        for (JsonObject body : bad) {
            Reply reply = gateway.post("/admin/calling-card-batches", body.encode(), TestGateway.ADMIN_KEY);
            assertEquals(400, reply.status(), body.encode() + " -> " + reply.body());
            assertEquals(null, gateway.account("card:" + body.getString("batchId") + ":1"), "nothing made");
        }
        assertEquals(404, gateway.post("/admin/calling-card-batches", batch("nobody", 1, "1.00", 30, later).encode(),
                TestGateway.ADMIN_KEY).status());
        JsonObject once = batch("ka-shop", 1, "1.00", 30, later);
        assertEquals(201, gateway.post("/admin/calling-card-batches", once.encode(), TestGateway.ADMIN_KEY).status());
        Reply twice = gateway.post("/admin/calling-card-batches", once.encode(), TestGateway.ADMIN_KEY);
        assertEquals(409, twice.status());
        assertEquals("BATCH_EXISTS", twice.errorCode());
    }

    private static JsonObject batch(String tenant, int count, String face, int validDays, Instant useBy) {
        return new JsonObject().put("batchId", "kc-" + IDS.incrementAndGet()).put("tenantId", tenant).put("count", count)
                .put("faceValue", face).put("currency", "EUR").put("ratePlanId", "k-flat").put("validDays", validDays)
                .put("useBy", useBy.toString());
    }

    private static JsonObject authorise(String callId, String payer) {
        Reply reply = gateway.postFromSwitch("/v1/calls/authorise", "{\"callId\":\"" + callId
                + "\",\"callee\":\"447700900111\"," + payer + "}");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }
}
