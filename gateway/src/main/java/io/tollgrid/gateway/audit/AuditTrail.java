package io.tollgrid.gateway.audit;

import io.tollgrid.gateway.metrics.EndpointLabels;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Records every write to the admin and tenant APIs (POST under {@code /admin/} and {@code /v1/accounts/}) once
 * it is answered, accepted or not: unauthenticated and locked-out attempts included. Switch calls are not
 * writes of a principal and are not recorded (their CDRs are their record). The object is named from the path
 * and from a fixed list of body fields that are never secret: keys, PINs and other identity values, and notes
 * are left out.
 */
public final class AuditTrail implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** Body fields that name the object of a write; none of them is a secret. */
    static final List<String> OBJECT_FIELDS = List.of("tenantId", "parentId", "walletAccount", "accountId", "planId",
            "subscriberId", "transferId", "kind", "amount", "status", "sourceIp", "batchId", "count", "faceValue",
            "productId", "price");

    /** Larger bodies are not read for the object's name. */
    static final int MAX_PARSED_BODY = 64 * 1024;

    private final AuditLog log;
    private final EndpointLabels routes;

    public AuditTrail(AuditLog log, EndpointLabels routes) {
        this.log = log;
        this.routes = routes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean admin = path.startsWith("/admin/");
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.POST || !(admin || path.startsWith("/v1/accounts/"))) {
            ctx.next();
            return;
        }
        Instant at = Instant.now();
        ctx.addBodyEndHandler(ignored -> {
            int status = ctx.response().getStatusCode();
            AuditEntry entry = new AuditEntry(at, who(ctx, admin, status), source(ctx),
                    "POST " + routes.of(path), object(ctx), status, status < 400 ? "" : codeOf(ctx));
            log.append(entry).whenComplete((done, error) -> {
                if (error != null) {
                    LOG.error("audit entry not written: {}", entry, error);
                }
            });
        });
        ctx.next();
    }

    private static String who(RoutingContext ctx, boolean admin, int status) {
        String key = presentedKey(ctx);
        String keyId = key == null ? "none" : ApiKeys.digest(key).substring(0, 12);
        if (status == 401 || status == 429) {
            return "unknown/" + keyId;
        }
        if (admin) {
            return "admin/" + keyId;
        }
        String tenant = ctx.get(io.tollgrid.gateway.tenant.TenantApi.TENANT);
        return tenant == null ? "unknown/" + keyId : "tenant:" + tenant + "/" + keyId;
    }

    private static String presentedKey(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim() : null;
    }

    private static String source(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? "" : remote.hostAddress();
    }

    private static String object(RoutingContext ctx) {
        StringBuilder object = new StringBuilder();
        String account = ctx.pathParam("account");
        if (account != null) {
            object.append("account=").append(account);
        }
        JsonObject body = bodyOf(ctx);
        if (body != null) {
            for (String field : OBJECT_FIELDS) {
                Object value = body.getValue(field);
                if (value instanceof String || value instanceof Number) {
                    object.append(object.length() == 0 ? "" : " ").append(field).append('=').append(value);
                }
            }
        }
        return object.toString();
    }

    private static JsonObject bodyOf(RoutingContext ctx) {
        try {
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            // A rate deck upload is megabytes of CSV and names no object in these fields: not parsed.
            return body == null || body.length() == 0 || body.length() > MAX_PARSED_BODY ? null : new JsonObject(body);
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    /** The error code the answer carries, kept by {@code Responses} on the request. */
    private static String codeOf(RoutingContext ctx) {
        String code = ctx.get(io.tollgrid.gateway.http.Responses.ERROR_CODE);
        return code == null ? "" : code;
    }
}
