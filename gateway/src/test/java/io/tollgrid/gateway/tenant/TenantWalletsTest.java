package io.tollgrid.gateway.tenant;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wallets that cannot mint money, over HTTP. The tree: reseller {@code rs} (wallet {@code rs-wallet}) above its
 * customer tenant {@code rs-cust}; tenant {@code ot} beside them with its own wallet and customer. Only the
 * operator creates money; a tenant's top-up of a customer moves money out of the tenant's wallet.
 */
@ExtendWith(CassandraExtension.class)
class TenantWalletsTest {
    private static final String RESELLER_KEY = "wallet-reseller-key-0001";
    private static final String CUSTOMER_KEY = "wallet-customer-key-0001";
    private static final String OTHER_KEY = "wallet-other-key-0000001";
    private static final String NO_WALLET_KEY = "wallet-nowallet-key-0001";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("wallet-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"w-flat\",\"pricePerMinute\":\"0.03\"}");
        tenant("rs", null, RESELLER_KEY);
        tenant("rs-cust", "rs", CUSTOMER_KEY);
        tenant("ot", null, OTHER_KEY);
        tenant("ot-cust", "ot", "wallet-ot-customer-key-01");
        tenant("nw", null, NO_WALLET_KEY);
        tenant("nw-cust", "nw", "wallet-nw-customer-key-01");
        account("rs", "rs-wallet", "0");
        account("ot", "ot-wallet", "50.00");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"rs\",\"name\":\"rs\",\"apiKey\":\"" + RESELLER_KEY
                + "\",\"walletAccount\":\"rs-wallet\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"ot\",\"name\":\"ot\",\"apiKey\":\"" + OTHER_KEY
                + "\",\"walletAccount\":\"ot-wallet\"}");
        // The operator records the reseller's payment: the only way money enters.
        Reply payment = gateway.post("/admin/accounts/rs-wallet/transfers",
                "{\"transferId\":\"bank-1\",\"kind\":\"TOPUP\",\"amount\":\"100.00\"}", TestGateway.ADMIN_KEY);
        assertEquals(201, payment.status(), payment.body());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void tenant(String id, String parent, String key) {
        gateway.admin("/admin/tenants", "{\"tenantId\":\"" + id + "\",\"name\":\"" + id + "\",\"apiKey\":\"" + key + "\""
                + (parent == null ? "" : ",\"parentId\":\"" + parent + "\"") + "}");
    }

    private static void account(String tenant, String id, String balance) {
        gateway.admin("/admin/accounts", "{\"tenantId\":\"" + tenant + "\",\"accountId\":\"" + id
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"w-flat\",\"balance\":\"" + balance + "\"}");
    }

    private static String customer(String tenant) {
        String id = tenant + "-" + IDS.incrementAndGet();
        account(tenant, id, "0");
        return id;
    }

    private static Reply topUp(String account, String transferId, String amount, String key) {
        return gateway.post("/v1/accounts/" + account + "/topups",
                "{\"transferId\":\"" + transferId + "\",\"amount\":\"" + amount + "\"}", key);
    }

    private static long balance(String account) {
        return gateway.account(account).balanceMicros();
    }

    @Test
    void aTenantCannotCreateMoneyInItsOwnAccounts() {
        long wallet = balance("rs-wallet");
        String leaf = customer("rs-cust");

        Reply ownWallet = topUp("rs-wallet", "mint-1", "1000.00", RESELLER_KEY);
        Reply leafSelf = topUp(leaf, "mint-2", "1000.00", CUSTOMER_KEY);

        for (Reply reply : List.of(ownWallet, leafSelf)) {
            assertEquals(403, reply.status(), reply.body());
            assertEquals("OWN_ACCOUNT", reply.errorCode());
        }
        assertEquals(wallet, balance("rs-wallet"));
        assertEquals(0, balance(leaf));
        assertTrue(gateway.get("/v1/accounts/" + leaf + "/topups", CUSTOMER_KEY).json().getJsonArray("transfers").isEmpty());
    }

    @Test
    void aResellerFundsItsCustomerAndItsWalletDropsByTheSameAmountOnce() {
        String customer = customer("rs-cust");
        long wallet = balance("rs-wallet");

        Reply first = topUp(customer, "fund-" + customer, "7.25", RESELLER_KEY);
        Reply again = topUp(customer, "fund-" + customer, "7.25", RESELLER_KEY);
        Reply otherAmount = topUp(customer, "fund-" + customer, "8.00", RESELLER_KEY);

        assertEquals(201, first.status(), first.body());
        assertEquals("7.250000", first.json().getString("balanceAfter"));
        assertEquals("rs-wallet", first.json().getJsonObject("from").getString("account"));
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().getBoolean("replay"));
        assertEquals(409, otherAmount.status());
        assertEquals("TRANSFER_ID_REUSED", otherAmount.errorCode());
        assertEquals(7_250_000, balance(customer));
        assertEquals(wallet - 7_250_000, balance("rs-wallet"));
        assertEquals("7.250000", gateway.get("/v1/accounts/" + customer + "/balance", CUSTOMER_KEY).json().getString("balance"));

        // The customer sees the money arrive but not who sent it; the reseller sees where its money went.
        JsonArray received = gateway.get("/v1/accounts/" + customer + "/topups", CUSTOMER_KEY).json().getJsonArray("transfers");
        assertEquals(1, received.size());
        assertEquals("TRANSFER_IN", received.getJsonObject(0).getString("kind"));
        assertFalse(received.encode().contains("rs-wallet"), received.encode());
        JsonArray paid = gateway.get("/v1/accounts/rs-wallet/topups", RESELLER_KEY).json().getJsonArray("transfers");
        assertTrue(paid.stream().map(JsonObjectOf::of).anyMatch(row -> row.getString("kind").equals("TRANSFER_OUT")
                && customer.equals(row.getString("to")) && row.getString("amount").equals("-7.250000")), paid.encode());
    }

    @Test
    void aTopUpTheWalletCannotCoverIsRefusedAndChangesNothing() {
        String customer = customer("ot-cust");
        long wallet = balance("ot-wallet");

        Reply tooMuch = topUp(customer, "big", "50.000001", OTHER_KEY);
        Reply zero = topUp(customer, "zero", "0", OTHER_KEY);
        Reply negative = topUp(customer, "neg", "-5.00", OTHER_KEY);

        assertEquals(409, tooMuch.status(), tooMuch.body());
        assertEquals("INSUFFICIENT_FUNDS", tooMuch.errorCode());
        assertEquals(400, zero.status(), zero.body());
        assertEquals(400, negative.status(), negative.body());
        assertEquals(wallet, balance("ot-wallet"));
        assertEquals(0, balance(customer));
    }

    @Test
    void aTenantWithoutAWalletCannotTopUpAndTheWalletMustBeItsOwnAccount() {
        String customer = customer("nw-cust");
        Reply noWallet = topUp(customer, "nw-1", "1.00", NO_WALLET_KEY);
        assertEquals(409, noWallet.status(), noWallet.body());
        assertEquals("NO_WALLET", noWallet.errorCode());
        assertEquals(0, balance(customer));

        // Naming a customer's account, or another tenant's, as the wallet is refused.
        Reply customersAccount = gateway.post("/admin/tenants", "{\"tenantId\":\"nw\",\"name\":\"nw\",\"apiKey\":\""
                + NO_WALLET_KEY + "\",\"walletAccount\":\"" + customer + "\"}", TestGateway.ADMIN_KEY);
        Reply missing = gateway.post("/admin/tenants", "{\"tenantId\":\"nw\",\"name\":\"nw\",\"apiKey\":\""
                + NO_WALLET_KEY + "\",\"walletAccount\":\"no-such-account\"}", TestGateway.ADMIN_KEY);
        assertEquals(400, customersAccount.status(), customersAccount.body());
        assertEquals("WALLET_INVALID", customersAccount.errorCode());
        assertEquals(404, missing.status(), missing.body());
        assertEquals(409, topUp(customer, "nw-2", "1.00", NO_WALLET_KEY).status());
    }

    @Test
    void everyTenantEndpointAnswersAnotherSubtreesAccountAsMissing() {
        String othersCustomer = customer("ot-cust");
        String ownCustomer = customer("rs-cust");
        long othersWallet = balance("ot-wallet");
        long ownWallet = balance("rs-wallet");

        List<Reply> crossTenant = List.of(
                topUp(othersCustomer, "steal-1", "1.00", RESELLER_KEY),
                topUp("ot-wallet", "steal-2", "1.00", RESELLER_KEY),
                // A customer tenant reaching up to its reseller's wallet, or sideways.
                topUp("rs-wallet", "up-1", "1.00", CUSTOMER_KEY),
                topUp(othersCustomer, "side-1", "1.00", CUSTOMER_KEY),
                gateway.get("/v1/accounts/" + othersCustomer + "/balance", RESELLER_KEY),
                gateway.get("/v1/accounts/" + othersCustomer + "/cdrs", RESELLER_KEY),
                gateway.get("/v1/accounts/" + othersCustomer + "/topups", RESELLER_KEY),
                gateway.get("/v1/accounts/rs-wallet/balance", CUSTOMER_KEY),
                gateway.get("/v1/accounts/rs-wallet/cdrs", CUSTOMER_KEY),
                gateway.get("/v1/accounts/rs-wallet/topups", CUSTOMER_KEY),
                gateway.get("/v1/accounts/" + ownCustomer + "/balance", OTHER_KEY));
        for (Reply reply : crossTenant) {
            assertEquals(404, reply.status(), reply.body());
            assertEquals("ACCOUNT_UNKNOWN", reply.errorCode());
        }
        assertEquals(othersWallet, balance("ot-wallet"));
        assertEquals(ownWallet, balance("rs-wallet"));
        assertEquals(0, balance(othersCustomer));
        assertEquals(0, balance(ownCustomer));
        assertEquals(401, topUp(ownCustomer, "anon", "1.00", "not-a-key-at-all-0000").status());
        assertEquals(0, balance(ownCustomer));
    }

    @Test
    void concurrentTopUpsNeverOverdrawTheWallet() throws Exception {
        String reseller = "cc-" + IDS.incrementAndGet();
        String key = reseller + "-key-000000000001";
        tenant(reseller, null, key);
        tenant(reseller + "-c", reseller, key + "c");
        account(reseller, reseller + "-wallet", "5.00");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"" + reseller + "\",\"name\":\"cc\",\"apiKey\":\"" + key
                + "\",\"walletAccount\":\"" + reseller + "-wallet\"}");
        List<String> customers = List.of(customer(reseller + "-c"), customer(reseller + "-c"), customer(reseller + "-c"));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int n = i;
            replies.add(CompletableFuture.supplyAsync(() -> topUp(customers.get(n % 3), "cc-" + n, "1.00", key), pool));
        }
        int paid = 0;
        int refused = 0;
        for (CompletableFuture<Reply> reply : replies) {
            Reply done = reply.get();
            if (done.status() == 201) {
                paid++;
            } else {
                assertEquals(409, done.status(), done.body());
                assertEquals("INSUFFICIENT_FUNDS", done.errorCode());
                refused++;
            }
        }
        pool.shutdown();

        assertEquals(5, paid);
        assertEquals(19, refused);
        assertEquals(0, balance(reseller + "-wallet"));
        assertEquals(5_000_000, customers.stream().mapToLong(TenantWalletsTest::balance).sum());
    }

    /** Rows of a JSON array as objects. */
    private static final class JsonObjectOf {
        static io.vertx.core.json.JsonObject of(Object row) {
            return (io.vertx.core.json.JsonObject) row;
        }
    }
}
