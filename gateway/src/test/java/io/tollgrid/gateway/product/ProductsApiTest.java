package io.tollgrid.gateway.product;

import io.tollgrid.gateway.TestGateway;
import io.tollgrid.gateway.TestGateway.Reply;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The operator defines products, assigns them and runs the charges over HTTP; a second run charges nothing. */
@ExtendWith(CassandraExtension.class)
class ProductsApiTest {
    private static TestGateway gateway;

    @BeforeAll
    static void start(CassandraEndpoint cassandra) {
        gateway = TestGateway.start("products-test", cassandra);
        gateway.admin("/admin/rate-plans", "{\"planId\":\"p-flat\",\"pricePerMinute\":\"0.03\"}");
        gateway.admin("/admin/tenants", "{\"tenantId\":\"pt\",\"name\":\"pt\",\"apiKey\":\"products-tenant-key-01\"}");
        gateway.admin("/admin/accounts", "{\"tenantId\":\"pt\",\"accountId\":\"pt-1\",\"currency\":\"EUR\","
                + "\"ratePlanId\":\"p-flat\",\"balance\":\"100\"}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aMonthlyFeeAndASetupFeeAreChargedOnceHoweverOftenTheRunIsTriggered() {
        gateway.admin("/admin/products", "{\"productId\":\"monthly\",\"name\":\"Monthly fee\",\"price\":\"9.90\","
                + "\"currency\":\"EUR\",\"cadence\":\"MONTHLY\",\"anchorDay\":1,\"zone\":\"Europe/Berlin\"}");
        gateway.admin("/admin/products", "{\"productId\":\"setup\",\"name\":\"Setup fee\",\"price\":\"20\","
                + "\"currency\":\"EUR\",\"tenantId\":\"pt\"}");
        gateway.admin("/admin/accounts/pt-1/products", "{\"productId\":\"monthly\"}");
        gateway.admin("/admin/accounts/pt-1/products", "{\"productId\":\"setup\"}");

        Reply first = gateway.post("/admin/charge-runs", "", TestGateway.ADMIN_KEY);
        Reply second = gateway.post("/admin/charge-runs", "", TestGateway.ADMIN_KEY);

        assertEquals(200, first.status(), first.body());
        assertEquals(2, first.json().getInteger("posted"), first.body());
        assertEquals(0, second.json().getInteger("posted"), second.body());
        assertEquals("70.100000", gateway.get("/v1/accounts/pt-1/balance", "products-tenant-key-01").json()
                .getString("balance"));
        Reply twice = gateway.post("/admin/accounts/pt-1/products", "{\"productId\":\"setup\"}", TestGateway.ADMIN_KEY);
        assertEquals(409, twice.status(), twice.body());
        assertEquals("ASSIGNMENT_EXISTS", twice.errorCode());
    }

    @Test
    void badProductsAndAssignmentsAreRefusedWithTheirCodes() {
        String base = "{\"productId\":\"bad\",\"name\":\"x\",\"price\":\"1\",\"currency\":\"EUR\",";
        for (String wrong : new String[]{"\"cadence\":\"MONTHLY\",\"zone\":\"Mars/Olympus\"}",
                "\"cadence\":\"WEEKLY\",\"anchorDay\":8,\"zone\":\"UTC\"}", "\"cadence\":\"MONTHLY\"}",
                "\"cadence\":\"HOURLY\",\"zone\":\"UTC\"}"}) {
            Reply refused = gateway.post("/admin/products", base + wrong, TestGateway.ADMIN_KEY);
            assertEquals(400, refused.status(), wrong + " -> " + refused.body());
        }
        Reply free = gateway.post("/admin/products", base.replace("\"1\"", "\"0\"") + "\"cadence\":\"ONCE\"}",
                TestGateway.ADMIN_KEY);
        assertEquals(400, free.status(), free.body());
        gateway.admin("/admin/products", base + "\"cadence\":\"WEEKLY\",\"anchorDay\":1,\"zone\":\"UTC\"}");
        Reply recycled = gateway.post("/admin/products", base + "\"cadence\":\"MONTHLY\",\"zone\":\"UTC\"}",
                TestGateway.ADMIN_KEY);
        assertEquals(409, recycled.status(), recycled.body());
        assertEquals("PRODUCT_FIXED", recycled.errorCode());
        Reply unknown = gateway.post("/admin/accounts/pt-1/products", "{\"productId\":\"nope\"}", TestGateway.ADMIN_KEY);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("PRODUCT_UNKNOWN", unknown.errorCode());
        Reply noAccount = gateway.post("/admin/accounts/nobody/products", "{\"productId\":\"bad\"}", TestGateway.ADMIN_KEY);
        assertEquals(404, noAccount.status(), noAccount.body());
        Reply asTenant = gateway.post("/admin/charge-runs", "", "products-tenant-key-01");
        assertEquals(401, asTenant.status(), asTenant.body());
    }
}
