package io.tollgrid.gateway.voucher;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.lockout.AuthLockout;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.voucher.BatchStatus;
import io.tollgrid.grid.voucher.IssuedBatch;
import io.tollgrid.grid.voucher.Reclaim;
import io.tollgrid.grid.voucher.Redemption;
import io.tollgrid.grid.voucher.VoucherBatch;
import io.tollgrid.grid.voucher.Vouchers;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * POST /admin/voucher-batches, GET /admin/voucher-batches/{batchId}, POST /admin/voucher-batches/{batchId}/reclaim
 * and POST /v1/accounts/{account}/vouchers/redeem.
 * Mount after the tenant and admin APIs, whose routes check the tenant's and the operator's keys first.
 */
public final class VoucherApi {
    private final Vouchers vouchers;
    private final GridAdmin grid;

    public VoucherApi(Vouchers vouchers, GridAdmin grid) {
        this.vouchers = vouchers;
        this.grid = grid;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/voucher-batches").handler(contract.validate("generateVouchers"))
                .blockingHandler(this::generate, false);
        router.get("/admin/voucher-batches/:batchId").handler(contract.validate("voucherBatch"))
                .blockingHandler(this::batch, false);
        router.post("/admin/voucher-batches/:batchId/reclaim").handler(contract.validate("reclaimVouchers"))
                .blockingHandler(this::reclaim, false);
        router.post("/v1/accounts/:account/vouchers/redeem").handler(contract.validate("redeemVoucher"))
                .blockingHandler(this::redeem, false);
    }

    private void generate(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = body.json().getValue("tenantId") == null ? null : body.id("tenantId");
        Money face = body.money("faceValue", null);
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(body.text("expiresAt"));
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'expiresAt' is not an ISO-8601 instant");
        }
        IssuedBatch issued;
        try {
            issued = vouchers.generate(body.id("batchId"), tenant, body.positiveInt("count", 0), face,
                    body.text("currency"), expiresAt, Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        JsonArray codes = new JsonArray();
        issued.codes().forEach(code -> codes.add(new JsonObject().put("voucherId", code.voucherId())
                .put("code", code.code())));
        // The codes are shown this once; nothing between here and the operator may keep a copy.
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 201, toJson(issued.batch()).put("vouchers", codes));
    }

    /** An expired tenant's batch gives what is left in its escrow back to the tenant's wallet. */
    private void reclaim(RoutingContext ctx) {
        Reclaim back;
        try {
            back = vouchers.reclaim(ctx.pathParam("batchId"), Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        Responses.json(ctx, 200, new JsonObject().put("batchId", back.batchId()).put("walletAccount", back.walletAccount())
                .put("amount", Money.ofMicros(back.amountMicros()).toPlainString()).put("transferId", back.transferId()));
    }

    private static ApiException refused(AdminException e) {
        int status = switch (e.code()) {
            case "BATCH_INVALID" -> 400;
            case "TENANT_UNKNOWN", "BATCH_UNKNOWN" -> 404;
            default -> 409;
        };
        return new ApiException(status, e.code(), e.getMessage());
    }

    private void batch(RoutingContext ctx) {
        BatchStatus status = vouchers.status(ctx.pathParam("batchId"))
                .orElseThrow(() -> new ApiException(404, "BATCH_UNKNOWN", "no such voucher batch"));
        Responses.json(ctx, 200, toJson(status.batch()).put("issued", status.issued()).put("claimed", status.claimed())
                .put("redeemed", status.redeemed()));
    }

    private static JsonObject toJson(VoucherBatch batch) {
        return new JsonObject()
                .put("batchId", batch.batchId())
                .put("tenantId", batch.issuerTenantId())
                .put("escrowAccount", batch.escrowAccount())
                .put("count", batch.count())
                .put("faceValue", Money.ofMicros(batch.faceValueMicros()).toPlainString())
                .put("currency", batch.currency())
                .put("expiresAt", Instant.ofEpochMilli(batch.expiresAtMillis()).toString())
                .put("createdAt", Instant.ofEpochMilli(batch.createdAtMillis()).toString());
    }

    /**
     * A tenant redeems a code into an account of its subtree; another tenant's account answers as a missing one.
     * An unknown code counts as a failed authentication of the caller's address and key.
     */
    private void redeem(RoutingContext ctx) {
        String tenant = ctx.get(TenantApi.TENANT);
        Account account = grid.accountOf(tenant, ctx.pathParam("account"))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no such account"));
        Redemption redemption = vouchers.redeem(account.accountId(), JsonBodies.of(ctx).text("code"), Instant.now());
        if (redemption.outcome() == Redemption.Outcome.UNKNOWN) {
            AuthLockout.countAsFailure(ctx);
        }
        throwIfRefused(redemption);
        Responses.json(ctx, 201, new JsonObject()
                .put("voucherId", redemption.voucherId())
                .put("account", account.accountId())
                .put("amount", Money.ofMicros(redemption.faceValueMicros()).toPlainString())
                .put("currency", redemption.currency())
                .put("transferId", redemption.transfer().transferId())
                .put("balanceAfter", Money.ofMicros(redemption.transfer().balanceAfterMicros()).toPlainString()));
    }

    private static void throwIfRefused(Redemption redemption) {
        switch (redemption.outcome()) {
            case REDEEMED -> {
            }
            case MALFORMED -> throw new ApiException(400, "VOUCHER_MALFORMED", "a voucher code is 19 digits");
            case BAD_CHECK_DIGIT -> throw new ApiException(422, "VOUCHER_CHECK_DIGIT",
                    "the code's check digit does not match: a digit is mistyped or two are swapped");
            case UNKNOWN -> throw new ApiException(404, "VOUCHER_UNKNOWN", "no such voucher");
            case EXPIRED -> throw new ApiException(410, "VOUCHER_EXPIRED", "voucher " + redemption.voucherId()
                    + " has expired");
            case USED -> throw new ApiException(409, "VOUCHER_USED", "voucher " + redemption.voucherId()
                    + " has been redeemed already");
            case CURRENCY_MISMATCH -> throw new ApiException(409, "CURRENCY_MISMATCH", "voucher "
                    + redemption.voucherId() + " is in " + redemption.currency() + ", the account is not");
            case TRANSFER_REFUSED -> throw new ApiException("ACCOUNT_UNKNOWN".equals(redemption.refusal()) ? 404 : 409,
                    redemption.refusal(), "the voucher's transfer was refused: " + redemption.refusal());
        }
    }
}
