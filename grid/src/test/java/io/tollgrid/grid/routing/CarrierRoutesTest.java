package io.tollgrid.grid.routing;

import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.rating.routing.Carrier;
import io.tollgrid.rating.routing.CarrierLimits;
import io.tollgrid.rating.routing.CarrierStatus;
import io.tollgrid.rating.routing.DestinationOverride;
import io.tollgrid.rating.routing.RouteEntry;
import io.tollgrid.rating.routing.RoutePlan;
import io.tollgrid.rating.routing.SipGateway;
import io.tollgrid.rating.routing.Strategy;
import io.tollgrid.rating.routing.Transport;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Carriers and route plans written from a client node are read back on the server node, and a bad plan writes nothing. */
class CarrierRoutesTest {
    private static Ignite server;
    private static Ignite client;
    private static CarrierRoutes fromClient;
    private static CarrierRoutes onServer;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("routes-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("routes-client"));
        fromClient = new CarrierRoutes(client);
        onServer = new CarrierRoutes(server);
    }

    @AfterAll
    static void stopGrid() {
        client.close();
        server.close();
    }

    static Carrier carrier(String id, CarrierStatus status) {
        return new Carrier(id, "Carrier " + id, status, "buy-" + id,
                List.of(new SipGateway("10.1.0.1", Transport.UDP, "", "")), new CarrierLimits(50, 5));
    }

    static RoutePlan plan(String id, String... carrierIds) {
        return new RoutePlan(id, Strategy.LEAST_COST,
                java.util.Arrays.stream(carrierIds).map(c -> new RouteEntry(c, 0, 1)).toList(), List.of(), Set.of(), false, 60, null);
    }

    @Test
    void carriersAreCreatedReplacedAndReadOnEveryNode() {
        assertTrue(fromClient.putCarrier(carrier("cr-a", CarrierStatus.ACTIVE)));
        assertFalse(fromClient.putCarrier(carrier("cr-a", CarrierStatus.BLOCKED)));

        assertEquals(Optional.of(carrier("cr-a", CarrierStatus.BLOCKED)), onServer.carrier("cr-a"));
        assertEquals(carrier("cr-a", CarrierStatus.BLOCKED), onServer.carriers().get("cr-a"));
    }

    @Test
    void anAccountsOwnPlanWinsOverItsTenants() {
        fromClient.putCarrier(carrier("cr-b", CarrierStatus.ACTIVE));
        fromClient.putCarrier(carrier("cr-c", CarrierStatus.ACTIVE));
        fromClient.putPlan(plan("tenant-plan", "cr-b"), new RoutePlanScope("rt-1", null));
        fromClient.putPlan(plan("account-plan", "cr-c"), new RoutePlanScope(null, "rt-1-vip"));

        assertEquals("account-plan", onServer.planFor("rt-1", "rt-1-vip").orElseThrow().id());
        assertEquals("tenant-plan", onServer.planFor("rt-1", "rt-1-plain").orElseThrow().id());
        assertEquals(Optional.empty(), onServer.planFor("rt-2", "rt-2-any"));
        assertEquals(plan("tenant-plan", "cr-b"), onServer.plan("tenant-plan").orElseThrow());
    }

    @Test
    void aPlanNamingAnUnknownCarrierIsRefusedAndChangesNothing() {
        fromClient.putCarrier(carrier("cr-d", CarrierStatus.ACTIVE));
        fromClient.putPlan(plan("kept", "cr-d"), new RoutePlanScope("rt-3", null));
        RoutePlan bad = new RoutePlan("kept", Strategy.PRIORITY, List.of(new RouteEntry("cr-d", 1, 1)),
                List.of(new DestinationOverride("44", Strategy.LEAST_COST, List.of(new RouteEntry("cr-ghost", 0, 1)))),
                Set.of(), false, 60, null);

        AdminException refused = assertThrows(AdminException.class,
                () -> fromClient.putPlan(bad, new RoutePlanScope(null, "rt-3-x")));

        assertEquals("CARRIER_UNKNOWN", refused.code());
        assertEquals(plan("kept", "cr-d"), onServer.plan("kept").orElseThrow());
        assertEquals("kept", onServer.planFor("rt-3", "rt-3-x").orElseThrow().id());
        assertEquals(Strategy.LEAST_COST, onServer.planFor("rt-3", "rt-3-x").orElseThrow().strategy());
    }
}
