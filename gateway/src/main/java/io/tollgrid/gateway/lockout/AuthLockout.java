package io.tollgrid.gateway.lockout;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.function.LongSupplier;

/**
 * The first handler of every authenticated route ({@code /v1/...}, {@code /admin/...}): a source address or a
 * presented key ({@code X-Switch-Key} or a bearer token, remembered only as its SHA-256) locked out by too many
 * authentication failures gets 429 {@value #CODE} with {@code Retry-After}, before any credential is checked.
 * Every 401 the APIs answer counts as a failure of the request's source and of the key it presented. Password logins
 * are limited per principal id as well ({@link #admitLogin}), whatever address they come from.
 *
 * <p>Behind a proxy the source is the proxy; put the limit there too.
 */
public final class AuthLockout implements Handler<RoutingContext> {
    public static final String CODE = "TOO_MANY_AUTH_FAILURES";
    /** Set on a request whose answer was a wrong guess of a secret (an unknown voucher code): it counts like a 401. */
    private static final String GUESS_FAILED = "tollgrid.lockout.guess-failed";

    /** The answer to a password login for a principal id locked out by {@link AuthLimits#PRINCIPAL_LOGINS}. */
    public static final String LOGIN_CODE = "TOO_MANY_LOGIN_FAILURES";

    private final FailureCounts sources;
    private final FailureCounts keys;
    private final FailureCounts logins;
    private final GatewayMetrics metrics;

    public AuthLockout(AuthLimits limits, AuthLimits loginLimits, GatewayMetrics metrics) {
        this(limits, loginLimits, metrics, System::currentTimeMillis);
    }

    AuthLockout(AuthLimits limits, AuthLimits loginLimits, GatewayMetrics metrics, LongSupplier clockMillis) {
        this.sources = new FailureCounts(limits, clockMillis);
        this.keys = new FailureCounts(limits, clockMillis);
        this.logins = new FailureCounts(loginLimits, clockMillis);
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String api = apiOf(path);
        if (api == null) {
            ctx.next();
            return;
        }
        String source = sourceOf(ctx);
        String presented = presentedKey(ctx);
        long wait = Math.max(sources.lockedFor(source),
                presented == null || keys.isEmpty() ? 0 : keys.lockedFor(digest(presented)));
        if (wait > 0) {
            metrics.authFailure(api, "locked");
            ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            Responses.json(ctx, 429, Responses.errorBody(CODE,
                    "too many failed authentications from this address or with this key; try again later"));
            return;
        }
        ctx.addBodyEndHandler(ignored -> {
            boolean guessed = Boolean.TRUE.equals(ctx.get(GUESS_FAILED));
            if (ctx.response().getStatusCode() == 401 || guessed) {
                metrics.authFailure(api, guessed ? "guessed" : "failed");
                sources.failed(source);
                if (presented != null) {
                    keys.failed(digest(presented));
                }
            }
        });
        ctx.next();
    }

    /**
     * Counts this request as a failed authentication of its source and key once it is answered: for secrets that
     * are not credentials but can be guessed the same way, such as voucher codes.
     */
    public static void countAsFailure(RoutingContext ctx) {
        ctx.put(GUESS_FAILED, Boolean.TRUE);
    }

    /**
     * Admits one password login for the principal id, before its password is checked, or refuses it with 429
     * {@value #LOGIN_CODE} while the id is locked out: the limit per principal stops a guess spread over many
     * addresses, which the limit per address does not. The id is counted whether or not a principal has it, so the
     * answers tell nothing about which ids exist. The attempt counts as a failure until {@link #forgiveLogin} takes it
     * back.
     */
    public void admitLogin(RoutingContext ctx, String principalId) {
        long wait = logins.attempt(principalId);
        if (wait > 0) {
            metrics.authFailure(apiOf(ctx.normalizedPath()), "principal_locked");
            ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            throw new ApiException(429, LOGIN_CODE,
                    "too many failed logins for this principal; try again later or use an API key");
        }
    }

    /** Takes back the failure {@link #admitLogin} counted: the login succeeded, or its password was never checked. */
    public void forgiveLogin(String principalId) {
        logins.forgive(principalId);
    }

    /** The label of the API a path belongs to, or null for the unauthenticated ones (health, metrics, the document). */
    static String apiOf(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/v1/calls/") || path.equals("/v1/calls")) {
            return "switch";
        }
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            return "admin";
        }
        if (path.startsWith("/v1/")) {
            return "tenant";
        }
        return null;
    }

    private static String sourceOf(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    private static String presentedKey(RoutingContext ctx) {
        String key = ctx.request().getHeader("X-Switch-Key");
        if (key != null) {
            return key;
        }
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim() : null;
    }

    private static String digest(String key) {
        return ApiKeys.digest(key);
    }

    /** Subjects remembered now, for tests. */
    int trackedSources() {
        return sources.tracked();
    }
}
