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
 * Records every write to the admin and tenant APIs (POST under {@code /admin/} and {@code /v1/accounts/}, PUT of a sell
 * plan under {@code /v1/rate-plans/}) and every
 * login and logout ({@code /v1/auth/}) once it is answered, accepted or not: unauthenticated, forbidden and
 * locked-out attempts included. Who is the caller {@link io.tollgrid.gateway.auth.Access} resolved (principal and
 * key id); the entry also goes to the audit log of the tenant it belongs to and of each tenant above it. Switch calls are not
 * writes of a principal and are not recorded (their CDRs are their record). The object is named from the path
 * and from a fixed list of body fields that are never secret: keys, PINs and other identity values, and notes
 * are left out.
 */
public final class AuditTrail implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** Body fields that name the object of a write; none of them is a secret. */
    static final List<String> OBJECT_FIELDS = List.of("tenantId", "parentId", "walletAccount", "accountId", "planId",
            "subscriberId", "transferId", "kind", "amount", "status", "sourceIp", "batchId", "count", "faceValue",
            "productId", "price", "principalId", "role", "maxCalls", "failOpenSeconds", "expiresAt",
            "openingFloat", "cashCounted", "paymentId", "creditNoteId", "period", "jurisdiction", "ruleId", "event",
            "buyPlanId");
    /** Path parameters that name the object; none of them is a secret. */
    static final List<String> OBJECT_PATH_PARAMS = List.of("account", "principalId", "keyId", "batchId",
            "sessionId", "invoice", "ruleId", "planId");
    /** Where a handler notes the fields it changed, before and after ({@link #changes}). */
    private static final String CHANGES = "tollgrid.audit.changes";

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
        io.vertx.core.http.HttpMethod method = ctx.request().method();
        boolean sellPlan = method == io.vertx.core.http.HttpMethod.PUT && path.startsWith("/v1/rate-plans/");
        if (!sellPlan && (method != io.vertx.core.http.HttpMethod.POST
                || !(admin || path.startsWith("/v1/accounts/") || path.startsWith("/v1/auth/")
                || path.startsWith("/v1/shop/")))) {
            ctx.next();
            return;
        }
        Instant at = Instant.now();
        ctx.addBodyEndHandler(ignored -> {
            int status = ctx.response().getStatusCode();
            List<String> readers = ctx.get(io.tollgrid.gateway.auth.Access.AUDIT_TENANTS);
            if (readers == null || status == 401 || status == 429) {
                readers = List.of();
            }
            String changes = status < 400 ? ctx.get(CHANGES) : null;
            AuditEntry entry = new AuditEntry(at, who(ctx, status), source(ctx),
                    method.name() + " " + routes.of(path), object(ctx), status, status < 400 ? "" : codeOf(ctx),
                    readers.isEmpty() ? "" : readers.get(0), changes);
            log.append(entry, readers).whenComplete((done, error) -> {
                if (error != null) {
                    LOG.error("audit entry not written: {}", entry, error);
                }
            });
        });
        ctx.next();
    }

    /**
     * Notes what a write changed, before and after ({@code status: ACTIVE -> FROZEN}), for its audit entry; recorded
     * only when the write succeeds.
     */
    public static void changes(RoutingContext ctx, String changes) {
        ctx.put(CHANGES, changes);
    }

    private static String who(RoutingContext ctx, int status) {
        String key = presentedKey(ctx);
        String keyId = key == null ? "none" : ApiKeys.digest(key).substring(0, 12);
        io.tollgrid.gateway.auth.Caller caller = ctx.get(io.tollgrid.gateway.auth.Access.CALLER);
        if (status == 401 || status == 429 || caller == null) {
            return "unknown/" + keyId;
        }
        return caller.auditName();
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
        io.tollgrid.gateway.http.ApiContract.Match match = ctx.get(io.tollgrid.gateway.auth.Access.OPERATION);
        for (String param : OBJECT_PATH_PARAMS) {
            String value = match != null ? match.pathParams().get(param) : ctx.pathParam(param);
            if (value != null) {
                object.append(object.length() == 0 ? "" : " ").append(param).append('=').append(value);
            }
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
