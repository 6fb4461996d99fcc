package io.tollgrid.gateway.http;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiContractTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void theDocumentIsAValidOpenApiContractWithEveryOperationTheGatewayValidates() {
        ApiContract contract = ApiContract.load(vertx);
        for (String operation : new String[] {"authorise", "start", "interim", "stop", "balance", "cdrs", "topUpHistory",
                "topUp", "putTenant", "putRatePlan", "createAccount", "setStatus", "transfer", "putSubscriber", "putSwitch",
                "putIdentity", "auditLog", "exportCdrs", "accountUsageReport", "usageByAccountReport", "generateVouchers", "voucherBatch", "redeemVoucher", "reclaimVouchers", "putProduct", "assignProduct", "runCharges", "putCarrier", "putRoutePlan", "queryRoutes"}) {
            assertNotNull(contract.validate(operation), operation);
        }
        assertThrows(IllegalArgumentException.class, () -> contract.validate("noSuchOperation"));
    }
}
