package io.tollgrid.gateway.evapi;

import io.tollgrid.gateway.GatewaySettings.EvapiSettings;
import io.tollgrid.gateway.calls.SwitchCalls;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.metrics.GatewayMetrics;
import io.tollgrid.grid.identity.SwitchCredential;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.List;
import java.util.function.BooleanSupplier;

/** The gateway's connections to its evapi switches, one {@link EvapiLink} each; closed with the gateway. */
public final class EvapiLinks implements AutoCloseable {
    /** How often each link checks that its gateway may still serve switches. */
    private static final long ELIGIBILITY_CHECK_MILLIS = 1_000;

    private final Vertx vertx;
    private final NetClient client;
    private final List<EvapiLink> links;
    private final long eligibilityTimer;

    private EvapiLinks(Vertx vertx, NetClient client, List<EvapiLink> links) {
        this.vertx = vertx;
        this.client = client;
        this.links = links;
        this.eligibilityTimer = links.isEmpty() ? -1
                : vertx.setPeriodic(ELIGIBILITY_CHECK_MILLIS, ignored -> links.forEach(EvapiLink::dropIfIneligible));
    }

    /**
     * Connects to every switch in the settings (and keeps reconnecting); each is served as an operator switch
     * with {@code credential}'s fail-open policy, while {@code eligible} holds (see {@link EvapiLink}).
     */
    public static EvapiLinks start(Vertx vertx, EvapiSettings settings, SwitchCalls calls, ApiContract contract,
                                   SwitchCredential credential, GatewayMetrics metrics, BooleanSupplier eligible) {
        NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2_000)
                .setTcpKeepAlive(true));
        SwitchEvents events = new SwitchEvents(calls, contract);
        List<EvapiLink> links = settings.switches().stream().map(address -> {
            int colon = address.lastIndexOf(':');
            return new EvapiLink(vertx, client, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    events, credential, metrics, settings.maxInFlight(), eligible);
        }).toList();
        EvapiLinks started = new EvapiLinks(vertx, client, links);
        metrics.evapiLinks(started::connected);
        links.forEach(EvapiLink::start);
        return started;
    }

    /** How many switches are connected now. */
    public int connected() {
        return (int) links.stream().filter(EvapiLink::connected).count();
    }

    @Override
    public void close() {
        if (eligibilityTimer >= 0) {
            vertx.cancelTimer(eligibilityTimer);
        }
        links.forEach(EvapiLink::close);
        client.close();
    }
}
