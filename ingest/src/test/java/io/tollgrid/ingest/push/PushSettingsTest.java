package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.Retention;
import io.tollgrid.ingest.formats.FreeSwitchJson;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushSettingsTest {
    private static Map<String, String> keys() {
        Map<String, String> keys = new HashMap<>();
        keys.put("ingest.tcp.sources", "smdr");
        keys.put("ingest.tcp.smdr.port", "9100");
        keys.put("ingest.tcp.smdr.allow", "10.0.0.5, 10.0.0.6");
        keys.put("ingest.tcp.smdr.format", "asterisk-csv");
        keys.put("ingest.tcp.smdr.zone", "Europe/Sofia");
        keys.put("ingest.tcp.smdr.tenant", "demo");
        keys.put("ingest.tcp.smdr.plan", "demo-flat");
        keys.put("ingest.tcp.smdr.account.from", "record");
        keys.put("ingest.http.sources", "fs");
        keys.put("ingest.http.fs.key", "fs-key-0123456789abcdef");
        keys.put("ingest.http.fs.format", "freeswitch-json");
        keys.put("ingest.http.fs.tenant", "demo");
        keys.put("ingest.http.fs.plan", "demo-flat");
        keys.put("ingest.http.fs.account", "demo-1");
        return keys;
    }

    private static String failingKey(Map<String, String> keys) {
        return assertThrows(SettingsException.class, () -> PushSettings.from(Settings.of(keys))).getMessage();
    }

    @Test
    void readsTcpAndHttpSourcesWithTheFileSourcesKeysAndTheirOwn() {
        PushSettings push = PushSettings.from(Settings.of(keys()));
        TcpSource smdr = push.tcp().get(0);
        assertEquals("smdr", smdr.id());
        assertEquals(9100, smdr.port());
        assertEquals("127.0.0.1", smdr.host());
        assertEquals(List.of("10.0.0.5", "10.0.0.6"), smdr.allow());
        assertEquals(4, smdr.maxConnections());
        assertEquals("asterisk-csv", smdr.billing().parser().format());
        assertNull(smdr.billing().directory());
        assertEquals(Retention.DEFAULT_SECONDS, smdr.billing().retentionSeconds());
        HttpSource fs = push.http().get(0);
        assertEquals(FreeSwitchJson.FORMAT, fs.billing().parser().format());
        assertEquals(9470, push.httpPort());
        assertEquals(65_536, push.maxBodyBytes());
        assertNull(push.adminKey());
        assertFalse(fs.toString().contains("fs-key"), "the key is not logged");
        assertTrue(push.tcpEnabled() && push.httpEnabled());
    }

    @Test
    void retentionIsTheSourcesElseItsTenantsElseTheDefault() {
        Map<String, String> keys = keys();
        keys.put("ingest.retention.seconds", "864000");
        keys.put("ingest.retention.tenant.demo.seconds", "0");
        keys.put("ingest.http.fs.retention.seconds", "3600");
        PushSettings push = PushSettings.from(Settings.of(keys));
        assertEquals(0, push.tcp().get(0).billing().retentionSeconds(), "the tenant's: forever");
        assertEquals(3_600, push.http().get(0).billing().retentionSeconds());
        assertEquals(864_000, Retention.ofTenants(Settings.of(keys)).applyAsInt("other"));
        keys.put("ingest.retention.tenant.demo.seconds", "-1");
        assertTrue(failingKey(keys).contains("ingest.retention.tenant.demo.seconds"));
    }

    @Test
    void badKeysStopTheStartNamingTheKey() {
        Map<String, String> noPort = keys();
        noPort.remove("ingest.tcp.smdr.port");
        assertTrue(failingKey(noPort).contains("ingest.tcp.smdr.port"));

        Map<String, String> noKey = keys();
        noKey.remove("ingest.http.fs.key");
        assertTrue(failingKey(noKey).contains("ingest.http.fs.key"));

        Map<String, String> shortKey = keys();
        shortKey.put("ingest.http.fs.key", "short");
        assertTrue(failingKey(shortKey).contains("ingest.http.fs.key"));

        Map<String, String> header = keys();
        header.put("ingest.tcp.smdr.format", "yeastar-csv");
        String message = failingKey(header);
        assertTrue(message.contains("ingest.tcp.smdr.format") && message.contains("header"), message);

        Map<String, String> twice = keys();
        twice.put("ingest.http.sources", "fs,smdr");
        twice.put("ingest.http.smdr.key", "smdr-key-0123456789abcdef");
        assertTrue(failingKey(twice).contains("ingest.http.sources"));

        Map<String, String> noZone = keys();
        noZone.remove("ingest.tcp.smdr.zone");
        assertTrue(failingKey(noZone).contains("ingest.tcp.smdr.zone"));

        Map<String, String> bigBody = keys();
        bigBody.put("ingest.http.max.body.bytes", "10000000");
        assertTrue(failingKey(bigBody).contains("ingest.http.max.body.bytes"));
    }
}
