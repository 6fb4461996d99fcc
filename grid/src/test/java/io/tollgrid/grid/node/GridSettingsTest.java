package io.tollgrid.grid.node;

import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSettingsTest {
    @Test
    void defaultsAreOneHostOnLoopback() {
        GridSettings settings = GridSettings.from(Settings.of(Map.of()), "n");
        assertEquals("127.0.0.1", settings.localAddress());
        assertEquals(List.of("127.0.0.1:47600..47609"), settings.discoveryPeers());

        IgniteConfiguration config = GridNodes.configuration(settings, false);
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) config.getDiscoverySpi();
        assertEquals("127.0.0.1", discovery.getLocalAddress());
        assertEquals(9, discovery.getLocalPortRange());
        List<String> registered = ((TcpDiscoveryVmIpFinder) discovery.getIpFinder()).getRegisteredAddresses().stream()
                .map(address -> address.getAddress().getHostAddress() + ":" + address.getPort()).sorted().toList();
        assertEquals(10, registered.size());
        assertEquals("127.0.0.1:47600", registered.get(0));
        assertEquals("127.0.0.1:47609", registered.get(9));
        assertEquals("127.0.0.1", ((TcpCommunicationSpi) config.getCommunicationSpi()).getLocalAddress());
    }

    @Test
    void aHostOfSeveralBindsToItsAddressAndJoinsThroughTheList() {
        GridSettings settings = GridSettings.from(Settings.of(Map.of(
                "grid.local.address", "10.0.0.2",
                "grid.discovery.port", "47500",
                "grid.discovery.addresses", "10.0.0.1:47500..47509,10.0.0.2:47500..47509,10.0.0.3")), "n");
        assertEquals(List.of("10.0.0.1:47500..47509", "10.0.0.2:47500..47509", "10.0.0.3:47500..47509"),
                settings.discoveryPeers());
        IgniteConfiguration config = GridNodes.configuration(settings, true);
        assertEquals("10.0.0.2", ((TcpDiscoverySpi) config.getDiscoverySpi()).getLocalAddress());
        assertEquals("10.0.0.2", ((TcpCommunicationSpi) config.getCommunicationSpi()).getLocalAddress());
        assertEquals("10.0.0.2", config.getLocalHost());
        assertEquals(30, ((TcpDiscoverySpi) config.getDiscoverySpi()).getIpFinder().getRegisteredAddresses().size());
    }

    @Test
    void peersOnOtherHostsNeedAnAddressTheyCanReach() {
        SettingsException e = assertThrows(SettingsException.class, () -> GridSettings.from(Settings.of(Map.of(
                "grid.discovery.addresses", "10.0.0.1:47500..47509")), "n"));
        assertEquals("grid.discovery.addresses", e.key());
        assertTrue(e.getMessage().contains("set grid.local.address"), e.getMessage());
    }

    @Test
    void badAddressesNameTheirKey() {
        assertEquals("grid.local.address", assertThrows(SettingsException.class, () -> GridSettings.from(Settings.of(Map.of(
                "grid.local.address", "0.0.0.0")), "n")).key());
        assertEquals("grid.discovery.addresses", assertThrows(SettingsException.class, () -> GridSettings.from(Settings.of(Map.of(
                "grid.local.address", "10.0.0.1", "grid.discovery.addresses", "10.0.0.1:47509..47500")), "n")).key());
    }
}
