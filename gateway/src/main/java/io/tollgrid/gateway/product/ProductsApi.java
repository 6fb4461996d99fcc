package io.tollgrid.gateway.product;

import io.tollgrid.billing.period.Cadence;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.product.Product;
import io.tollgrid.grid.product.ProductAssignment;
import io.tollgrid.grid.product.Products;
import io.tollgrid.grid.product.RunReport;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Mount after the admin API, whose {@code /admin/*} route checks the admin key first. */
public final class ProductsApi {
    private final Products products;

    public ProductsApi(Products products) {
        this.products = products;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/products").handler(contract.validate("putProduct")).blockingHandler(this::putProduct, false);
        router.post("/admin/accounts/:account/products").handler(contract.validate("assignProduct"))
                .blockingHandler(this::assign, false);
        router.post("/admin/charge-runs").handler(contract.validate("runCharges")).blockingHandler(this::run, false);
    }

    private void putProduct(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = body.json().getValue("tenantId") == null ? null : body.id("tenantId");
        String cadenceText = body.optionalText("cadence", null);
        Cadence cadence = cadenceText == null || cadenceText.equalsIgnoreCase("ONCE") ? null
                : Cadence.valueOf(cadenceText.toUpperCase(Locale.ROOT));
        Product product;
        try {
            product = new Product(body.id("productId"), tenant, body.text("name"), body.money("price", null).micros(),
                    body.text("currency"), cadence, cadence == null ? 0 : body.positiveInt("anchorDay", 1),
                    cadence == null ? null : body.text("zone"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        guarded(() -> products.putProduct(product));
        Responses.json(ctx, 201, new JsonObject().put("productId", product.productId()).put("tenantId", product.tenantId())
                .put("name", product.name()).put("price", Money.ofMicros(product.priceMicros()).toPlainString())
                .put("currency", product.currency()).put("cadence", cadence == null ? "ONCE" : cadence.name())
                .put("anchorDay", product.anchorDay()).put("zone", product.zone()));
    }

    private void assign(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        Instant from = instant(body.optionalText("from", null), Instant.now());
        ProductAssignment assignment = guarded(() -> products.assign(ctx.pathParam("account"), body.id("productId"), from));
        Responses.json(ctx, 201, new JsonObject().put("account", assignment.accountId())
                .put("productId", assignment.productId())
                .put("from", Instant.ofEpochMilli(assignment.assignedAtMillis()).toString()));
    }

    /** Charges everything due now in every partition, as the nodes' schedulers do for their own every 15 minutes. */
    private void run(RoutingContext ctx) {
        Instant now = Instant.now();
        RunReport report = products.runAll(now);
        Responses.json(ctx, 200, new JsonObject().put("at", now.toString()).put("assignments", report.assignments())
                .put("posted", report.posted()).put("replayed", report.replayed()).put("refused", report.refused())
                .put("refusals", new JsonArray(report.refusals())));
    }

    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("not an ISO-8601 instant: " + text);
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminException e) {
            int status = switch (e.code()) {
                case "ACCOUNT_UNKNOWN", "PRODUCT_UNKNOWN", "TENANT_UNKNOWN" -> 404;
                default -> 409;
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }
}
