package io.tollgrid.gateway.calls;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.grid.identity.SwitchCredential;
import io.tollgrid.grid.identity.SwitchDirectory;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Lets only known switches use the authorisation API: a per-switch key in {@code X-Switch-Key}, or else the
 * source address on an allow-list. Operator switches come from configuration, tenants' switches from the
 * grid. A key that is sent but unknown is refused even from an allowed address: it is a misconfiguration.
 */
public final class SwitchGate {
    public static final String KEY_HEADER = "X-Switch-Key";
    private static final String CREDENTIAL = "tollgrid.switch";

    private final OperatorSwitches operator;
    private final SwitchDirectory directory;

    public SwitchGate(OperatorSwitches operator, SwitchDirectory directory) {
        this.operator = operator;
        this.directory = directory;
    }

    public void handle(RoutingContext ctx) {
        String key = ctx.request().getHeader(KEY_HEADER);
        SocketAddress remote = ctx.request().remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        Optional<SwitchCredential> credential = operator.find(key, address).or(() -> directory.find(key, address));
        if (credential.isEmpty()) {
            throw new ApiException(401, "SWITCH_UNAUTHENTICATED", key != null
                    ? "unknown " + KEY_HEADER : "send " + KEY_HEADER + ", or call from an allowed address");
        }
        ctx.put(CREDENTIAL, credential.get());
        ctx.next();
    }

    public static SwitchCredential credentialOf(RoutingContext ctx) {
        return ctx.get(CREDENTIAL);
    }
}
