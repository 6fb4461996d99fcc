package io.tollgrid.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeersTest {
    @Test
    void listTakesRangesSinglePortsAndBareHosts() {
        List<Peers.Peer> peers = Peers.list("k", " 10.0.0.1:47500..47509, 10.0.0.2:47500 ,Grid-2.grid.tollgrid.svc", 47600, 47609, true);
        assertEquals(List.of(new Peers.Peer("10.0.0.1", 47500, 47509), new Peers.Peer("10.0.0.2", 47500, 47500),
                new Peers.Peer("grid-2.grid.tollgrid.svc", 47600, 47609)), peers);
        assertEquals(List.of("10.0.0.1:47500..47509", "10.0.0.2:47500", "grid-2.grid.tollgrid.svc:47600..47609"),
                peers.stream().map(Peers.Peer::toString).toList());
    }

    @Test
    void badEntriesAreRefusedNamingTheKeyAndTheEntry() {
        assertProblem("10.0.0.1:47509..47500", "grid.discovery.addresses", "backwards");
        assertProblem("10.0.0.1:0", "grid.discovery.addresses", "outside 1..65535");
        assertProblem("10.0.0.1:70000", "grid.discovery.addresses", "outside 1..65535");
        assertProblem("10.0.0.1:47500..47700", "grid.discovery.addresses", "more than 100 ports");
        assertProblem("10.0.0.256:47500", "grid.discovery.addresses", "is not host");
        assertProblem("10.0.0:47500", "grid.discovery.addresses", "is not host");
        assertProblem("10.0.0.1:port", "grid.discovery.addresses", "is not host");
        assertProblem("10.0.0.1 10.0.0.2", "grid.discovery.addresses", "is not host");
        assertProblem("-bad-.example:1", "grid.discovery.addresses", "is not host");
        assertProblem(" , ", "grid.discovery.addresses", "at least one peer");
    }

    @Test
    void membersWithoutRangesRefuseARange() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Peers.list("ingest.hazelcast.members", "10.0.0.1:5801..5803", 5801, 5801, false));
        assertEquals("ingest.hazelcast.members", e.key());
        assertTrue(e.getMessage().contains("one port per member"), e.getMessage());
        assertEquals(List.of(new Peers.Peer("10.0.0.1", 5801, 5801), new Peers.Peer("10.0.0.2", 5900, 5900)),
                Peers.list("ingest.hazelcast.members", "10.0.0.1,10.0.0.2:5900", 5801, 5801, false));
    }

    @Test
    void bindAddressIsOneReachableAddressNotAWildcard() {
        assertEquals("10.1.2.3", Peers.bindAddress(Settings.of(java.util.Map.of("a", " 10.1.2.3 ")), "a", "127.0.0.1"));
        assertEquals("127.0.0.1", Peers.bindAddress(Settings.of(java.util.Map.of()), "a", "127.0.0.1"));
        SettingsException wildcard = assertThrows(SettingsException.class, () -> Peers.bindAddress("grid.local.address", "0.0.0.0"));
        assertTrue(wildcard.getMessage().startsWith("setting 'grid.local.address' must be this host's own address"), wildcard.getMessage());
        SettingsException garbage = assertThrows(SettingsException.class, () -> Peers.bindAddress("grid.local.address", "10.0.0.1:47500"));
        assertTrue(garbage.getMessage().contains("IPv4 address or a host name"), garbage.getMessage());
    }

    private static void assertProblem(String value, String key, String expected) {
        SettingsException e = assertThrows(SettingsException.class, () -> Peers.list(key, value, 47500, 47509, true), value);
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(expected), value + " -> " + e.getMessage());
    }
}
