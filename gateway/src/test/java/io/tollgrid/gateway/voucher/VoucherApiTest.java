package io.tollgrid.gateway.voucher;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vouchers over HTTP: the operator makes a batch and sees its codes once, tenants redeem them into their own
 * accounts only, every refusal has its own code and moves nothing, and guessing codes locks the guesser out.
 */
@ExtendWith(CassandraExtension.class)
class VoucherApiTest {
    private static final String KEY_A = "voucher-tenant-a-key-0001";
    private static final String KEY_B = "voucher-tenant-b-key-0001";
    private static final String RESELLER_KEY = "voucher-reseller-key-0001";
    private static final String GUESSER_KEY = "voucher-guesser-key-00001";
    private static final String TYPIST_KEY = "voucher-typist-key-000001";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("voucher-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"v-flat\",\"pricePerMinute\":\"0.03\"}");
        for (String[] tenant : new String[][]{{"va", KEY_A}, {"vb", KEY_B}, {"vr", RESELLER_KEY}, {"vg", GUESSER_KEY},
                {"vt", TYPIST_KEY}}) {
            gateway.admin("/admin/tenants", "{\"tenantId\":\"" + tenant[0] + "\",\"name\":\"" + tenant[0]
                    + "\",\"apiKey\":\"" + tenant[1] + "\"}");
        }
        gateway.admin("/admin/tenants", "{\"tenantId\":\"vr-cust\",\"name\":\"c\",\"parentId\":\"vr\","
                + "\"apiKey\":\"voucher-reseller-customer-01\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String account(String tenant, String currency) {
        String id = tenant + "-" + IDS.incrementAndGet();
        gateway.admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "\",\"accountId\":\"" + id
                + "\",\"currency\":\"" + currency + "\",\"ratePlanId\":\"v-flat\"}");
        return id;
    }

    private static JsonObject batch(String tenant, int count, String face, Instant expires) {
        Reply reply = gateway.post("/admin/voucher-batches", "{\"batchId\":\"vb-" + IDS.incrementAndGet()
                + "\",\"count\":" + count + ",\"faceValue\":\"" + face + "\",\"currency\":\"EUR\",\"expiresAt\":\""
                + expires + "\"" + (tenant == null ? "" : ",\"tenantId\":\"" + tenant + "\"") + "}", TestGateway.ADMIN_KEY);
        assertEquals(201, reply.status(), reply.body());
        return reply.json();
    }

    private static String code(JsonObject batch, int i) {
        return batch.getJsonArray("vouchers").getJsonObject(i).getString("code");
    }

    private static Reply redeem(String account, String code, String key) {
        return gateway.post("/v1/accounts/" + account + "/vouchers/redeem", "{\"code\":\"" + code + "\"}", key);
    }

    private static Instant nextYear() {
        return Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String balance(String account, String key) {
        return gateway.get("/v1/accounts/" + account + "/balance", key).json().getString("balance");
    }

    @Test
    void anOperatorsVoucherTopsUpOnceAndItsBatchShowsIt() {
        String account = account("va", "EUR");
        JsonObject batch = batch(null, 2, "12.50", nextYear());
        assertEquals(2, batch.getJsonArray("vouchers").size());
        String code = code(batch, 0);
        String grouped = code.substring(0, 4) + " " + code.substring(4, 8) + "-" + code.substring(8);

        Reply first = redeem(account, grouped, KEY_A);
        Reply again = redeem(account, code, KEY_A);

        assertEquals(201, first.status(), first.body());
        assertEquals("12.500000", first.json().getString("amount"));
        assertEquals("voucher:" + batch.getJsonArray("vouchers").getJsonObject(0).getString("voucherId"),
                first.json().getString("transferId"));
        assertEquals(409, again.status(), again.body());
        assertEquals("VOUCHER_USED", again.errorCode());
        assertEquals("12.500000", balance(account, KEY_A));
        Reply status = gateway.get("/admin/voucher-batches/" + batch.getString("batchId"), TestGateway.ADMIN_KEY);
        assertEquals(200, status.status(), status.body());
        assertEquals(1, status.json().getInteger("redeemed"));
        assertEquals(1, status.json().getInteger("issued"));
        assertTrue(!status.body().contains(code), "the batch status never shows a code");
    }

    @Test
    void noTenantRedeemsIntoAnotherTenantsAccountsNorAnotherResellersVouchers() {
        String accountA = account("va", "EUR");
        String accountB = account("vb", "EUR");
        JsonObject batch = batch(null, 1, "5.00", nextYear());

        Reply intoOther = redeem(accountA, code(batch, 0), KEY_B);
        assertEquals(404, intoOther.status(), intoOther.body());
        assertEquals("ACCOUNT_UNKNOWN", intoOther.errorCode());
        assertEquals("0.000000", balance(accountA, KEY_A));

        // The reseller's wallet prepays its batch; its vouchers redeem only below it.
        String wallet = account("vr", "EUR");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"vr\",\"name\":\"vr\",\"apiKey\":\"" + RESELLER_KEY
                + "\",\"walletAccount\":\"" + wallet + "\"}");
        gateway.admin("/admin/accounts/" + wallet + "/transfers", "{\"transferId\":\"pay-1\",\"kind\":\"TOPUP\","
                + "\"amount\":\"30.00\"}");
        JsonObject resellers = batch("vr", 3, "10.00", nextYear());
        assertEquals("vouchers:" + resellers.getString("batchId"), resellers.getString("escrowAccount"));
        assertEquals("0.000000", balance(wallet, RESELLER_KEY));
        Reply foreign = redeem(accountB, code(resellers, 0), KEY_B);
        assertEquals(404, foreign.status(), foreign.body());
        assertEquals("VOUCHER_UNKNOWN", foreign.errorCode());
        assertEquals("0.000000", balance(accountB, KEY_B));

        String customer = account("vr-cust", "EUR");
        Reply redeemed = redeem(customer, code(resellers, 0), RESELLER_KEY);
        assertEquals(201, redeemed.status(), redeemed.body());
        assertEquals("10.000000", balance(customer, RESELLER_KEY));
        Reply own = redeem(accountA, code(batch, 0), KEY_A);
        assertEquals(201, own.status(), "B's attempt left A's voucher as it was: " + own.body());
    }

    @Test
    void eachRefusalHasItsOwnCodeAndMovesNothing() throws InterruptedException {
        String account = account("va", "EUR");
        String dollars = account("va", "USD");
        JsonObject expiring = batch(null, 1, "3.00", Instant.now().plusSeconds(2));
        String code = code(batch(null, 1, "3.00", nextYear()), 0);
        String mistyped = code.substring(0, 18) + (char) ('0' + (code.charAt(18) - '0' + 1) % 10);

        Reply badDigit = redeem(account, mistyped, KEY_A);
        Reply notDigits = redeem(account, "abcd-efgh-ijkl-mnop-qrs", KEY_A);
        Reply currency = redeem(dollars, code, KEY_A);
        Thread.sleep(2_100);
        Reply expired = redeem(account, code(expiring, 0), KEY_A);

        assertEquals(422, badDigit.status(), badDigit.body());
        assertEquals("VOUCHER_CHECK_DIGIT", badDigit.errorCode());
        assertEquals(400, notDigits.status(), notDigits.body());
        assertEquals("INVALID_REQUEST", notDigits.errorCode());
        assertEquals(409, currency.status(), currency.body());
        assertEquals("CURRENCY_MISMATCH", currency.errorCode());
        assertEquals(410, expired.status(), expired.body());
        assertEquals("VOUCHER_EXPIRED", expired.errorCode());
        assertEquals("0.000000", balance(account, KEY_A));
        assertEquals("0.000000", balance(dollars, KEY_A));
        assertEquals(1, gateway.get("/admin/voucher-batches/" + expiring.getString("batchId"), TestGateway.ADMIN_KEY)
                .json().getInteger("issued"));
        Reply stillGood = redeem(account, code, KEY_A);
        assertEquals(201, stillGood.status(), "the refused attempts left the voucher as it was: " + stillGood.body());
    }

    @Test
    void guessingCodesLocksTheGuesserOutButTypingErrorsDoNot() {
        String target = account("vg", "EUR");
        String real = code(batch(null, 1, "50.00", nextYear()), 0);
        String auth = "Authorization: Bearer " + GUESSER_KEY;
        for (int i = 0; i < 10; i++) {
            String guess = String.format("%018d", 4_000_000_000L + i);
            String withCheck = guess + io.tollgrid.grid.voucher.VoucherCodes.checkDigit(guess);
            Reply wrong = gateway.fromAddress("127.0.0.61", "POST", "/v1/accounts/" + target + "/vouchers/redeem",
                    "{\"code\":\"" + withCheck + "\"}", auth);
            assertEquals(404, wrong.status(), wrong.body());
            assertEquals("VOUCHER_UNKNOWN", wrong.errorCode());
        }
        Reply locked = gateway.fromAddress("127.0.0.61", "POST", "/v1/accounts/" + target + "/vouchers/redeem",
                "{\"code\":\"" + real + "\"}", auth);
        assertEquals(429, locked.status(), locked.body());
        assertEquals("TOO_MANY_AUTH_FAILURES", locked.errorCode());
        assertEquals("0.000000", balanceAsAdmin(target));

        String typist = account("vt", "EUR");
        String typo = real.substring(0, 18) + (char) ('0' + (real.charAt(18) - '0' + 1) % 10);
        for (int i = 0; i < 15; i++) {
            Reply mistyped = gateway.fromAddress("127.0.0.62", "POST", "/v1/accounts/" + typist + "/vouchers/redeem",
                    "{\"code\":\"" + typo + "\"}", "Authorization: Bearer " + TYPIST_KEY);
            assertEquals(422, mistyped.status(), mistyped.body());
        }
        Reply typed = gateway.fromAddress("127.0.0.62", "POST", "/v1/accounts/" + typist + "/vouchers/redeem",
                "{\"code\":\"" + real + "\"}", "Authorization: Bearer " + TYPIST_KEY);
        assertEquals(201, typed.status(), typed.body());
    }

    private static String balanceAsAdmin(String account) {
        return io.tollgrid.money.Money.ofMicros(gateway.account(account).balanceMicros()).toPlainString();
    }

    @Test
    void anExpiredResellerBatchGivesWhatIsLeftBackToTheWalletOnce() throws InterruptedException {
        gateway.admin("/admin/tenants", "{\"tenantId\":\"vx\",\"name\":\"vx\",\"apiKey\":\"voucher-reclaimer-key-01\"}");
        String wallet = account("vx", "EUR");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"vx\",\"name\":\"vx\",\"apiKey\":\"voucher-reclaimer-key-01\","
                + "\"walletAccount\":\"" + wallet + "\"}");
        gateway.admin("/admin/accounts/" + wallet + "/transfers", "{\"transferId\":\"pay-vx\",\"kind\":\"TOPUP\","
                + "\"amount\":\"8.00\"}");
        JsonObject batch = batch("vx", 2, "4.00", Instant.now().plusSeconds(2));
        String path = "/admin/voucher-batches/" + batch.getString("batchId") + "/reclaim";
        Reply early = gateway.post(path, "", TestGateway.ADMIN_KEY);
        assertEquals(409, early.status(), early.body());
        assertEquals("BATCH_NOT_EXPIRED", early.errorCode());
        String customer = account("vx", "EUR");
        assertEquals(201, redeem(customer, code(batch, 0), "voucher-reclaimer-key-01").status());
        Thread.sleep(2_100);

        Reply back = gateway.post(path, "", TestGateway.ADMIN_KEY);
        Reply again = gateway.post(path, "", TestGateway.ADMIN_KEY);

        assertEquals(200, back.status(), back.body());
        assertEquals("4.000000", back.json().getString("amount"));
        assertEquals("0.000000", again.json().getString("amount"));
        assertEquals("4.000000", balance(wallet, "voucher-reclaimer-key-01"));
        assertEquals("4.000000", balance(customer, "voucher-reclaimer-key-01"));
    }

    @Test
    void theOperatorsBatchRequestsAreCheckedAndABatchIdIsUsedOnce() {
        String body = "{\"batchId\":\"vb-once\",\"count\":1,\"faceValue\":\"1.00\",\"currency\":\"EUR\",\"expiresAt\":\""
                + nextYear() + "\"}";
        assertEquals(201, gateway.post("/admin/voucher-batches", body, TestGateway.ADMIN_KEY).status());
        Reply twice = gateway.post("/admin/voucher-batches", body, TestGateway.ADMIN_KEY);
        assertEquals(409, twice.status(), twice.body());
        assertEquals("BATCH_EXISTS", twice.errorCode());
        Reply tooMany = gateway.post("/admin/voucher-batches", body.replace("\"count\":1", "\"count\":10001")
                .replace("vb-once", "vb-big"), TestGateway.ADMIN_KEY);
        assertEquals(400, tooMany.status(), tooMany.body());
        Reply past = gateway.post("/admin/voucher-batches", body.replace(nextYear().toString().substring(0, 4), "2001")
                .replace("vb-once", "vb-past"), TestGateway.ADMIN_KEY);
        assertEquals(400, past.status(), past.body());
        assertEquals("BATCH_INVALID", past.errorCode());
        Reply asTenant = gateway.post("/admin/voucher-batches", body.replace("vb-once", "vb-tenant"), KEY_A);
        assertEquals(401, asTenant.status(), asTenant.body());
        assertEquals(404, gateway.get("/admin/voucher-batches/vb-tenant", TestGateway.ADMIN_KEY).status());
    }
}
