package io.tollgrid.ops.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Loads the demo tenant through the admin API, as an operator would: one tenant, one flat rate and a
 * few accounts (a funded prepaid one, an almost empty one and a postpaid one with a credit limit).
 * Safe to repeat: existing accounts are left as they are.
 */
public final class DemoData {
    public static final String TENANT = "demo";
    public static final String TENANT_API_KEY = "demo-tenant-key-0001";
    public static final String FUNDED_ACCOUNT = "demo-1000";

    private DemoData() {
    }

    public static void load(String gatewayUrl, String adminKey) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        post(http, gatewayUrl, adminKey, "/admin/tenants",
                "{\"tenantId\":\"" + TENANT + "\",\"name\":\"Demo Telecom\",\"apiKey\":\"" + TENANT_API_KEY + "\"}");
        post(http, gatewayUrl, adminKey, "/admin/rate-plans",
                "{\"planId\":\"demo-flat\",\"pricePerMinute\":\"0.020\",\"connectFee\":\"0.005\","
                        + "\"initialIncrementSeconds\":30,\"nextIncrementSeconds\":6}");
        account(http, gatewayUrl, adminKey, FUNDED_ACCOUNT, "10.00", "0");
        account(http, gatewayUrl, adminKey, "demo-1001", "0.05", "0");
        account(http, gatewayUrl, adminKey, "demo-1002", "0", "25.00");
    }

    private static void account(HttpClient http, String url, String adminKey, String id, String balance, String credit) {
        post(http, url, adminKey, "/admin/accounts", "{\"tenantId\":\"" + TENANT + "\",\"accountId\":\"" + id
                + "\",\"currency\":\"EUR\",\"ratePlanId\":\"demo-flat\",\"balance\":\"" + balance
                + "\",\"creditLimit\":\"" + credit + "\"}");
    }

    private static void post(HttpClient http, String url, String adminKey, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("loading demo data: " + path + " answered " + response.statusCode()
                        + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("loading demo data: " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
