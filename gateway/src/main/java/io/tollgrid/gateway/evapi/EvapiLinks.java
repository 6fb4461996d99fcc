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

/** The gateway's connections to its evapi switches, one {@link EvapiLink} each; closed with the gateway. */
public final class EvapiLinks implements AutoCloseable {
    private final NetClient client;
    private final List<EvapiLink> links;

    private EvapiLinks(NetClient client, List<EvapiLink> links) {
        this.client = client;
        this.links = links;
    }

    /**
     * Connects to every switch in the settings (and keeps reconnecting); each is served as an operator switch
     * with {@code credential}'s fail-open policy.
     */
    public static EvapiLinks start(Vertx vertx, EvapiSettings settings, SwitchCalls calls, ApiContract contract,
                                   SwitchCredential credential, GatewayMetrics metrics) {
        NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2_000)
                .setTcpKeepAlive(true));
        SwitchEvents events = new SwitchEvents(calls, contract);
        List<EvapiLink> links = settings.switches().stream().map(address -> {
            int colon = address.lastIndexOf(':');
            return new EvapiLink(vertx, client, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)),
                    events, credential, metrics, settings.maxInFlight());
        }).toList();
        EvapiLinks started = new EvapiLinks(client, links);
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
        links.forEach(EvapiLink::close);
        client.close();
    }
}
