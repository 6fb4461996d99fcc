package io.tollgrid.ingest;

import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IngestSettingsTest {
    @Test
    void defaultsAreOneHostOnLoopback() {
        IngestSettings settings = IngestSettings.from(Settings.of(Map.of()));
        assertEquals("127.0.0.1", settings.hazelcastAddress());
        assertEquals(List.of("127.0.0.1:5801"), settings.hazelcastMemberAddresses());
    }

    @Test
    void aHostOfSeveralBindsToItsAddressAndJoinsThroughTheMembers() {
        IngestSettings settings = IngestSettings.from(Settings.of(Map.of(
                "grid.local.address", "10.0.0.2",
                "grid.discovery.addresses", "10.0.0.1,10.0.0.2,10.0.0.3",
                "ingest.hazelcast.members", "10.0.0.1,10.0.0.2:5802")));
        assertEquals("10.0.0.2", settings.hazelcastAddress());
        assertEquals("10.0.0.2", settings.grid().localAddress());
        assertEquals(List.of("10.0.0.1:5801", "10.0.0.2:5802"), settings.hazelcastMemberAddresses());
        assertEquals("10.0.0.9", IngestSettings.from(Settings.of(Map.of("grid.local.address", "10.0.0.2",
                "ingest.hazelcast.address", "10.0.0.9"))).hazelcastAddress());
    }

    @Test
    void badAddressesNameTheirKey() {
        assertEquals("ingest.hazelcast.address", assertThrows(SettingsException.class,
                () -> IngestSettings.from(Settings.of(Map.of("ingest.hazelcast.address", "ingest-1.example")))).key());
        assertEquals("ingest.hazelcast.members", assertThrows(SettingsException.class,
                () -> IngestSettings.from(Settings.of(Map.of("ingest.hazelcast.members", "10.0.0.1:5801..5802")))).key());
    }
}
