package io.tollgrid.gateway.auth;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.lockout.AuthLockout;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.principal.IssuedKey;
import io.tollgrid.grid.principal.Principal;
import io.tollgrid.grid.principal.PrincipalKey;
import io.tollgrid.grid.principal.Principals;
import io.tollgrid.grid.principal.Role;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Principals, their keys and passwords ({@code /admin/principals...}), and people's logins and password changes
 * ({@code /v1/auth/login}, {@code /v1/auth/logout}, {@code /v1/auth/password}). Who may do what to whom is checked
 * by {@link Access} before these handlers run.
 */
public final class PrincipalsApi {
    /** The answer to a password change whose current password is wrong. */
    static final String PASSWORD_WRONG = "CURRENT_PASSWORD_WRONG";

    private final Principals principals;
    private final Access access;
    private final Duration idleTimeout;
    private final AuthLockout lockout;

    public PrincipalsApi(Principals principals, Access access, Duration idleTimeout, AuthLockout lockout) {
        this.principals = principals;
        this.access = access;
        this.idleTimeout = idleTimeout;
        this.lockout = lockout;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/principals").handler(contract.validate("createPrincipal")).blockingHandler(this::create, false);
        router.get("/admin/principals").handler(contract.validate("listPrincipals")).blockingHandler(this::list, false);
        router.post("/admin/principals/:principalId/keys").handler(contract.validate("issueKey"))
                .blockingHandler(this::issueKey, false);
        router.post("/admin/principals/:principalId/keys/:keyId/revoke").handler(contract.validate("revokeKey"))
                .blockingHandler(this::revokeKey, false);
        router.post("/admin/principals/:principalId/disable").handler(contract.validate("disablePrincipal"))
                .blockingHandler(this::disable, false);
        router.post("/admin/principals/:principalId/password").handler(contract.validate("setPassword"))
                .blockingHandler(this::setPassword, false);
        router.post("/v1/auth/login").handler(contract.validate("login")).blockingHandler(this::login, false);
        router.post("/v1/auth/logout").handler(contract.validate("logout")).blockingHandler(this::logout, false);
        router.post("/v1/auth/password").handler(contract.validate("changePassword"))
                .blockingHandler(this::changePassword, false);
    }

    private void create(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        Role role = Role.valueOf(body.text("role").toUpperCase(Locale.ROOT));
        String tenantId = body.json().getValue("tenantId") == null ? null : body.id("tenantId");
        String accountId = body.json().getValue("accountId") == null ? null : body.id("accountId");
        String password = body.json().getValue("password") == null ? null : body.text("password");
        Principal principal = guarded(() -> principals.create(body.id("principalId"), role, body.text("name"), tenantId,
                accountId, password));
        AuditTrail.changes(ctx, "created " + role + (tenantId == null ? "" : " in " + tenantId));
        Responses.json(ctx, 201, toJson(principal));
    }

    private void list(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        JsonArray rows = new JsonArray();
        for (Principal principal : principals.all()) {
            if (access.manages(caller, principal)) {
                JsonArray keys = new JsonArray();
                principals.keysOf(principal.principalId()).forEach(key -> keys.add(toJson(key)));
                rows.add(toJson(principal).put("keys", keys));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("count", rows.size()).put("principals", rows));
    }

    private void issueKey(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        long expires = 0;
        if (body.json().getValue("expiresAt") != null) {
            try {
                expires = Instant.parse(body.text("expiresAt")).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("'expiresAt' is an ISO-8601 instant such as 2027-01-01T00:00:00Z");
            }
        }
        long expiresAt = expires;
        IssuedKey issued = guarded(() -> principals.issueKey(ctx.pathParam("principalId"), body.text("name"), expiresAt));
        AuditTrail.changes(ctx, "key " + issued.stored().keyId() + " issued");
        Responses.json(ctx, 201, toJson(issued.stored()).put("principalId", ctx.pathParam("principalId"))
                .put("key", issued.key()));
    }

    private void revokeKey(RoutingContext ctx) {
        PrincipalKey key = guarded(() -> principals.revokeKey(ctx.pathParam("principalId"), ctx.pathParam("keyId")));
        AuditTrail.changes(ctx, "key " + key.keyId() + " revoked: false -> true");
        Responses.json(ctx, 200, toJson(key).put("principalId", ctx.pathParam("principalId")));
    }

    private void disable(RoutingContext ctx) {
        Principal principal = guarded(() -> principals.disable(ctx.pathParam("principalId")));
        AuditTrail.changes(ctx, "disabled: false -> true");
        Responses.json(ctx, 200, toJson(principal));
    }

    /**
     * An admin sets the password of a principal it manages ({@link Access} answers 404 for one outside its reach), and
     * every session of that principal ends. Its own password it changes with the current one ({@link #changePassword}),
     * so a session left open is not enough to take the account over.
     */
    private void setPassword(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        String principalId = ctx.pathParam("principalId");
        if (caller.via() != Caller.Via.ADMIN_KEY && caller.principalId().equals(principalId)) {
            throw new ApiException(403, "OWN_PASSWORD", "change your own password with POST /v1/auth/password");
        }
        String password = JsonBodies.of(ctx).text("newPassword");
        int ended = guarded(() -> principals.setPassword(principalId, password));
        AuditTrail.changes(ctx, "password set, " + ended + " sessions ended");
        Responses.json(ctx, 200, new JsonObject().put("principalId", principalId).put("sessionsEnded", ended));
    }

    /**
     * A principal changes its own password with the current one: 200, and every other session of it ends (the one
     * making the request stays). A wrong current password is 401 {@value #PASSWORD_WRONG}, counted as a failed login is
     * (per address and key, and per principal id: 429 once it is locked out); a new password the rule refuses is 400
     * as at creation (INVALID_REQUEST from the document's Password, else PASSWORD_INVALID), not counted. The operator's configured key and tenant keys have no password (403 NO_PASSWORD).
     */
    private void changePassword(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        if (caller.via() == Caller.Via.ADMIN_KEY || caller.via() == Caller.Via.TENANT_KEY) {
            throw new ApiException(403, "NO_PASSWORD", "this key stands for no principal with a password");
        }
        JsonBodies body = JsonBodies.of(ctx);
        String current = body.text("currentPassword");
        String next = body.text("newPassword");
        String keep = caller.via() == Caller.Via.SESSION ? ApiKeys.digest(Access.bearer(ctx)) : null;
        String principalId = caller.principalId();
        OptionalInt changed = passwordChecked(ctx, principalId,
                () -> guarded(() -> principals.changePassword(principalId, current, next, keep)), OptionalInt::isPresent);
        int ended = changed.orElseThrow(() -> new ApiException(401, PASSWORD_WRONG, "the current password is wrong"));
        AuditTrail.changes(ctx, "password changed, " + ended + " other sessions ended");
        Responses.json(ctx, 200, new JsonObject().put("principalId", principalId).put("sessionsEnded", ended));
    }

    /**
     * A person logs in with a password: 201 with a session token to send as the bearer credential, or 401
     * LOGIN_FAILED whatever was wrong (unknown id, wrong password, disabled, no password), which counts towards the
     * lockout of the address like any failed authentication, and of the principal id (429 once it is locked out, known
     * id or not).
     */
    private void login(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String principalId = body.id("principalId");
        String password = body.text("password");
        Optional<String> checked = passwordChecked(ctx, principalId, () -> principals.login(principalId, password),
                Optional::isPresent);
        String token = checked.orElseThrow(() -> new ApiException(401, "LOGIN_FAILED", "unknown principal or wrong password"));
        Principal principal = principals.principal(principalId).orElseThrow();
        access.noteAuditTenant(ctx, principal.tenantId());
        ctx.put(Access.CALLER, new Caller(principalId, principal.role(), principal.tenantId(), principal.accountId(),
                ApiKeys.digest(token).substring(0, 12), Caller.Via.SESSION));
        Responses.json(ctx, 201, new JsonObject().put("token", token).put("principalId", principalId)
                .put("role", principal.role().name()).put("idleTimeoutSeconds", idleTimeout.toSeconds()));
    }

    /**
     * Checks a principal's password under its login lockout ({@link AuthLockout#admitLogin}): the attempt counts as a
     * failure from before the check until it {@code passed}, or until the check fails without judging the password.
     */
    private <T> T passwordChecked(RoutingContext ctx, String principalId, java.util.function.Supplier<T> check,
                                  java.util.function.Predicate<T> passed) {
        lockout.admitLogin(ctx, principalId);
        T result;
        try {
            result = check.get();
        } catch (RuntimeException unchecked) {
            lockout.forgiveLogin(principalId);
            throw unchecked;
        }
        if (passed.test(result)) {
            lockout.forgiveLogin(principalId);
        }
        return result;
    }

    private void logout(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        if (caller.via() != Caller.Via.SESSION) {
            throw new ApiException(400, "NOT_A_SESSION", "log out with the session token, not an API key");
        }
        principals.logout(Access.bearer(ctx));
        Responses.json(ctx, 200, new JsonObject().put("principalId", caller.principalId()).put("loggedOut", true));
    }

    static JsonObject toJson(Principal principal) {
        return new JsonObject().put("principalId", principal.principalId()).put("role", principal.role().name())
                .put("name", principal.name()).put("tenantId", principal.tenantId()).put("accountId", principal.accountId())
                .put("password", principal.hasPassword()).put("disabled", principal.disabled())
                .put("createdAt", Instant.ofEpochMilli(principal.createdAtMillis()).toString());
    }

    static JsonObject toJson(PrincipalKey key) {
        return new JsonObject().put("keyId", key.keyId()).put("name", key.name())
                .put("createdAt", Instant.ofEpochMilli(key.createdAtMillis()).toString())
                .put("expiresAt", key.expiresAtMillis() == 0 ? null : Instant.ofEpochMilli(key.expiresAtMillis()).toString())
                .put("revokedAt", key.revokedAtMillis() == 0 ? null : Instant.ofEpochMilli(key.revokedAtMillis()).toString());
    }

    private static <T> T guarded(Supplier<T> action) {
        try {
            return action.get();
        } catch (AdminException e) {
            int status = switch (e.code()) {
                case "PRINCIPAL_EXISTS", "PRINCIPAL_DISABLED", "TOO_MANY_KEYS" -> 409;
                case "TENANT_UNKNOWN", "ACCOUNT_UNKNOWN", "PRINCIPAL_UNKNOWN", "KEY_UNKNOWN" -> 404;
                default -> 400;
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }
}
