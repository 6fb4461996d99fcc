package io.tollgrid.gateway.auth;

import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.principal.Authenticated;
import io.tollgrid.grid.principal.Principal;
import io.tollgrid.grid.principal.Principals;
import io.tollgrid.grid.principal.Role;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.grid.tenancy.TenantTree;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication and authorisation of the admin and tenant APIs, in two steps.
 *
 * <p>{@link #authenticate} resolves the bearer credential to a {@link Caller} and checks
 * its role against the operation ({@link Rules}): an unknown credential is 401 {@code UNAUTHENTICATED}, a role that
 * may not call the operation 403 {@code FORBIDDEN}. A tenant key from before principals works on the tenant API
 * only, as it always did; on the admin API it is unknown (401).
 *
 * <p>{@link #authorise} (before validation and the handler) checks every object the request
 * names, in its path ({@code account}, {@code principalId}) and body ({@code tenantId}, {@code parentId},
 * {@code accountId}, {@code walletAccount}), against the caller's reach: a reseller admin's subtree, an enterprise
 * admin's tenant, an end user's account. Anything outside answers exactly as a missing object (404), before the
 * handler runs, so a refused write changes nothing. It also notes the tenants an entry of the audit log belongs to.
 */
public final class Access {
    /** Where the request's caller is kept. */
    public static final String CALLER = "tollgrid.caller";
    /** Where the matched operation of the OpenAPI document is kept (absent outside it). */
    public static final String OPERATION = "tollgrid.operation";
    /** The tenants whose audit log the request belongs in: the object's tenant and its ancestors, nearest first. */
    public static final String AUDIT_TENANTS = "tollgrid.audit.tenants";

    private final Principals principals;
    private final GridAdmin grid;
    private final TenantTree tree;
    private final ApiContract contract;
    private final byte[] adminKey;
    private final String adminKeyId;

    public Access(Principals principals, GridAdmin grid, TenantTree tree, ApiContract contract, String adminKey) {
        this.principals = principals;
        this.grid = grid;
        this.tree = tree;
        this.contract = contract;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.adminKeyId = ApiKeys.digest(adminKey).substring(0, 12);
    }

    /** Paths whose every request carries a principal's credential. */
    static final List<String> PROTECTED = List.of("/admin/*", "/v1/accounts/*", "/v1/reports/*", "/v1/live-calls",
            "/v1/audit", "/v1/auth/logout", "/v1/auth/password", "/v1/shop*", "/v1/rate-plans*");

    /**
     * Mounts {@link #authenticate} then {@link #authorise} on the protected paths: after the body handler (a lookup
     * off the event loop before it would lose the body's end), before the APIs. The rate decks, whose upload is read
     * by a body handler of its own, check the admin key themselves before it.
     */
    public void mount(Router router) {
        for (String path : PROTECTED) {
            router.route(path).handler(this::authenticate);
            router.route(path).blockingHandler(this::authorise, false);
        }
    }

    /** The request's caller; only on the protected paths, once authenticated. */
    public static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    void authenticate(RoutingContext ctx) {
        Optional<ApiContract.Match> match = contract.match(ctx.request().method(), ctx.normalizedPath());
        match.ifPresent(found -> ctx.put(OPERATION, found));
        String presented = bearer(ctx);
        if (presented == null) {
            throw new ApiException(401, "UNAUTHENTICATED", "send 'Authorization: Bearer <API key or session token>'");
        }
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminKey)) {
            admit(ctx, new Caller("admin", Role.OPERATOR, null, null, adminKeyId, Caller.Via.ADMIN_KEY));
            return;
        }
        boolean adminApi = ctx.normalizedPath().startsWith("/admin");
        ctx.vertx().<Authenticated>executeBlocking(() -> {
            Authenticated found = (Principals.isSessionToken(presented)
                    ? principals.bySession(presented) : principals.byKey(presented)).orElse(null);
            if (found != null && found.principal().tenantId() != null) {
                // Read here, off the event loop: the tenants whose audit log this request belongs in.
                noteAuditTenant(ctx, found.principal().tenantId());
            }
            return found;
        }, false).onComplete(done -> {
            if (done.failed()) {
                Responses.fail(ctx, done.cause());
                return;
            }
            Authenticated who = done.result();
            if (who == null || (adminApi && who.via() == Authenticated.Via.TENANT_KEY)) {
                Responses.fail(ctx, new ApiException(401, "UNAUTHENTICATED", "unknown, expired or revoked credential"));
                return;
            }
            Principal principal = who.principal();
            Caller.Via via = switch (who.via()) {
                case KEY -> Caller.Via.KEY;
                case TENANT_KEY -> Caller.Via.TENANT_KEY;
                case SESSION -> Caller.Via.SESSION;
            };
            try {
                admit(ctx, new Caller(principal.principalId(), principal.role(), principal.tenantId(),
                        principal.accountId(), who.keyId(), via));
            } catch (ApiException refused) {
                Responses.fail(ctx, refused);
            }
        });
    }

    private void admit(RoutingContext ctx, Caller caller) {
        ctx.put(CALLER, caller);
        if (!caller.isOperator() && caller.tenantId() != null) {
            ctx.put(TenantApi.TENANT, caller.tenantId());
        }
        ApiContract.Match match = ctx.get(OPERATION);
        if (match == null) {
            // Outside the document: the rate decks are the operator's (they check the admin key themselves, before
            // their body); any other path is answered 404 later.
            if (!caller.isOperator() && ctx.normalizedPath().startsWith("/admin/rate-decks")) {
                throw forbidden("rate decks");
            }
        } else if (!Rules.allows(caller, match.operationId())) {
            throw forbidden(match.operationId());
        }
        ctx.next();
    }

    private static ApiException forbidden(String operation) {
        return new ApiException(403, "FORBIDDEN", "this principal's role may not call " + operation);
    }

    void authorise(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        ApiContract.Match match = ctx.get(OPERATION);
        if (caller == null || match == null) {
            ctx.next();
            return;
        }
        Map<String, String> path = match.pathParams();
        JsonObject body = bodyOf(ctx);
        String operation = match.operationId();
        if (caller.isOperator()) {
            noteAuditTenant(ctx, objectTenant(path, body));
            ctx.next();
            return;
        }
        if (caller.tenantId() == null) {
            // An operator-wide read-only principal: the rules let it read the operator's views only.
            ctx.next();
            return;
        }
        if (path.containsKey("account") && isId(path.get("account"))) {
            account(caller, path.get("account"));
        }
        if (path.containsKey("principalId") && isId(path.get("principalId"))) {
            principal(caller, path.get("principalId"));
        }
        String tenantId = id(body, "tenantId");
        String parentId = id(body, "parentId");
        switch (operation) {
            case "putTenant" -> checkTenantWrite(caller, tenantId, parentId, body);
            case "putSwitch" -> {
                if (tenantId == null) {
                    throw new ApiException(403, "OPERATOR_ONLY", "only the operator registers switches of its own; "
                            + "name the tenant ('tenantId')");
                }
                if (body != null && body.getValue("failOpenSeconds") instanceof Number open && open.longValue() > 0) {
                    throw new ApiException(403, "OPERATOR_ONLY", "only the operator trusts a switch to fail open");
                }
            }
            case "createAccount" -> {
                // An opening balance is new money, and a credit limit lets the account owe the operator: both are
                // the operator's to give. A tenant admin funds a customer from its wallet (a top-up).
                if (nonZero(body, "balance") || nonZero(body, "creditLimit")) {
                    throw new ApiException(403, "OPERATOR_ONLY", "only the operator opens an account with a balance or "
                            + "a credit limit; fund it with a top-up from the wallet");
                }
                checkAccountLimits(caller, body);
            }
            case "putIdentity" -> {
                String kind = text(body, "kind");
                if ("PREFIX".equals(kind) || "SOURCE_IP".equals(kind)) {
                    // Global lookups the operator's switches fall back on: a tenant's short prefix or another's
                    // trunk address would take other tenants' calls.
                    throw new ApiException(403, "OPERATOR_ONLY", "only the operator names payers by caller prefix or "
                            + "source address");
                }
            }
            case "createPrincipal" -> {
                if (tenantId == null) {
                    throw new ApiException(403, "OPERATOR_ONLY", "only the operator creates principals without a tenant");
                }
                Role role = roleOf(text(body, "role"));
                if (role != null && !Rules.grantable(caller).contains(role)) {
                    throw new ApiException(403, "ROLE_NOT_ALLOWED", "this principal may not create a " + role);
                }
            }
            default -> {
            }
        }
        if (tenantId != null && !operation.equals("putTenant") && !reaches(caller, tenantId)) {
            throw tenantUnknown();
        }
        if (parentId != null && !reaches(caller, parentId)) {
            throw tenantUnknown();
        }
        String accountId = id(body, "accountId");
        if (accountId != null && !operation.equals("createAccount")) {
            account(caller, accountId);
        }
        String wallet = id(body, "walletAccount");
        if (wallet != null) {
            account(caller, wallet);
        }
        ctx.next();
    }

    /**
     * A tenant admin creates or changes tenants strictly below its own: never its own tenant or one outside its
     * subtree, always under a parent it reaches, with a call limit no higher than its own.
     */
    private void checkTenantWrite(Caller caller, String tenantId, String parentId, JsonObject body) {
        if (tenantId == null) {
            return;
        }
        if (body != null && body.getValue("buyPlanId") != null) {
            throw new ApiException(403, "OPERATOR_ONLY", "only the operator names the plan a tenant buys at");
        }
        if (tenantId.equals(caller.tenantId())) {
            throw new ApiException(403, "OWN_TENANT", "a tenant admin cannot change its own tenant; its parent does");
        }
        if (grid.tenant(tenantId).isPresent() && !reaches(caller, tenantId)) {
            throw tenantUnknown();
        }
        if (parentId == null) {
            throw ApiException.invalid("'parentId' is required: a tenant admin's tenants sit below its own");
        }
        int own = grid.tenant(caller.tenantId()).map(Tenant::maxCalls).orElse(0);
        if (own > 0) {
            long asked = body != null && body.getValue("maxCalls") instanceof Number calls ? calls.longValue() : 0;
            if (asked == 0 || asked > own) {
                throw new ApiException(403, "LIMIT_ABOVE_OWN", "'maxCalls' must be 1 to " + own
                        + ", the limit of this tenant admin's own tenant");
            }
        }
    }

    /**
     * A tenant admin's account gets concurrent-call limits no higher than the admin's own tenant's, when that has one
     * (0, no limit of the account's own, leaves it under the tenant limits up the tree).
     */
    private void checkAccountLimits(Caller caller, JsonObject body) {
        int own = grid.tenant(caller.tenantId()).map(Tenant::maxCalls).orElse(0);
        if (own == 0 || body == null || !(body.getValue("limits") instanceof JsonObject limits)) {
            return;
        }
        for (String field : List.of("maxCalls", "maxInbound", "maxOutbound")) {
            if (limits.getValue(field) instanceof Number asked && asked.longValue() > own) {
                throw new ApiException(403, "LIMIT_ABOVE_OWN", "'limits." + field + "' must be at most " + own
                        + ", the limit of this tenant admin's own tenant");
            }
        }
    }

    /** Whether the caller reaches objects of the tenant: its subtree, or its own tenant for the narrower roles. */
    public boolean reaches(Caller caller, String tenantId) {
        if (caller.isOperator() || (caller.role() == Role.READ_ONLY && caller.tenantId() == null)) {
            return true;
        }
        if (tenantId == null || caller.tenantId() == null) {
            return false;
        }
        return switch (caller.role()) {
            case ENTERPRISE_ADMIN, END_USER, SHOP_OPERATOR -> tenantId.equals(caller.tenantId());
            default -> tree.isWithin(tenantId, caller.tenantId());
        };
    }

    /** Whether the caller may see and manage the principal: in its reach, and of a role it could grant. */
    public boolean manages(Caller caller, Principal principal) {
        if (caller.isOperator() || (caller.role() == Role.READ_ONLY && caller.tenantId() == null)) {
            return true;
        }
        return principal.tenantId() != null && reaches(caller, principal.tenantId())
                && (caller.role() == Role.READ_ONLY || Rules.grantable(caller).contains(principal.role()));
    }

    private Account account(Caller caller, String accountId) {
        return grid.account(accountId)
                .filter(account -> reaches(caller, account.tenantId()))
                .filter(account -> caller.role() != Role.END_USER || account.accountId().equals(caller.accountId()))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no such account"));
    }

    private void principal(Caller caller, String principalId) {
        principals.principal(principalId).filter(found -> manages(caller, found))
                .orElseThrow(() -> new ApiException(404, "PRINCIPAL_UNKNOWN", "no such principal"));
    }

    /** For the operator's requests: the tenant of the object named, for the audit log. */
    private String objectTenant(Map<String, String> path, JsonObject body) {
        String account = path.containsKey("account") ? path.get("account") : text(body, "accountId");
        if (account != null) {
            Optional<Account> found = grid.account(account);
            if (found.isPresent()) {
                return found.get().tenantId();
            }
        }
        if (path.containsKey("principalId")) {
            return principals.principal(path.get("principalId")).map(Principal::tenantId).orElse(null);
        }
        String plan = path.get("planId");
        if (plan != null && plan.lastIndexOf(':') > 0) {
            String owner = plan.substring(0, plan.lastIndexOf(':'));
            return grid.tenant(owner).isPresent() ? owner : null;
        }
        String tenant = text(body, "tenantId");
        return tenant != null && grid.tenant(tenant).isPresent() ? tenant : null;
    }

    void noteAuditTenant(RoutingContext ctx, String tenantId) {
        if (tenantId != null) {
            ctx.put(AUDIT_TENANTS, tree.chain(tenantId).stream().map(Tenant::tenantId).toList());
        }
    }

    private static ApiException tenantUnknown() {
        return new ApiException(404, "TENANT_UNKNOWN", "no such tenant");
    }

    private static Role roleOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Role.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a money field is present and not zero ("0", "0.00"); anything unreadable counts as not zero. */
    private static boolean nonZero(JsonObject body, String field) {
        Object value = body == null ? null : body.getValue(field);
        if (value == null) {
            return false;
        }
        try {
            return new java.math.BigDecimal(String.valueOf(value)).signum() != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * A body field that names an object, if it is a well-formed id. A malformed one is left to the OpenAPI validation
     * after this check, which refuses it (400 INVALID_REQUEST) before any handler runs.
     */
    private static String id(JsonObject body, String field) {
        String value = text(body, field);
        return value != null && isId(value) ? value : null;
    }

    private static boolean isId(String value) {
        return ID.matcher(value).matches();
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(Principal.ID_PATTERN);

    private static String text(JsonObject body, String field) {
        return body != null && body.getValue(field) instanceof String value ? value : null;
    }

    private static JsonObject bodyOf(RoutingContext ctx) {
        try {
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            return body == null || body.length() == 0 ? null : new JsonObject(body);
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        String value = header.substring("Bearer ".length()).trim();
        return value.isEmpty() ? null : value;
    }
}
