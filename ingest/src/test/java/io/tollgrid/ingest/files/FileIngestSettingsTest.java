package io.tollgrid.ingest.files;

import io.tollgrid.ingest.formats.AsteriskCsv;
import io.tollgrid.ingest.formats.CiscoCucmCsv;
import io.tollgrid.ingest.formats.GenericCsv;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileIngestSettingsTest {
    private static Map<String, String> asterisk() {
        Map<String, String> keys = new HashMap<>();
        keys.put("ingest.files.dir", "/data/cdr");
        keys.put("ingest.files.sources", "pbx1, gen");
        keys.put("ingest.files.pbx1.format", "asterisk-csv");
        keys.put("ingest.files.pbx1.tenant", "demo");
        keys.put("ingest.files.pbx1.plan", "demo-flat");
        keys.put("ingest.files.pbx1.zone", "Europe/Sofia");
        keys.put("ingest.files.pbx1.account.from", "record");
        keys.put("ingest.files.pbx1.dial.strip", "9");
        keys.put("ingest.files.pbx1.dial.national", "0");
        keys.put("ingest.files.pbx1.dial.country", "359");
        keys.put("ingest.files.gen.format", "generic-csv");
        keys.put("ingest.files.gen.tenant", "demo");
        keys.put("ingest.files.gen.plan", "demo-flat");
        keys.put("ingest.files.gen.account", "demo-1");
        keys.put("ingest.files.gen.currency", "USD");
        keys.put("ingest.files.gen.columns", "caller=1,callee=2,start=3,billsec=4");
        keys.put("ingest.files.gen.time.format", "epoch");
        return keys;
    }

    @Test
    void readsEachSourceWithItsFormatAccountsAndDialRule() {
        FileIngestSettings files = FileIngestSettings.from(Settings.of(asterisk()));
        assertTrue(files.enabled());
        FileSource pbx = files.sources().get(0);
        assertEquals("pbx1", pbx.id());
        assertEquals(AsteriskCsv.FORMAT, pbx.parser().format());
        assertEquals(AccountRule.fromRecord(null), pbx.accounts());
        assertEquals("359", pbx.dialRule().countryCode());
        assertEquals(Path.of("/data/cdr/pbx1/incoming"), pbx.incoming());
        FileSource generic = files.sources().get(1);
        assertEquals(GenericCsv.FORMAT, generic.parser().format());
        assertEquals(AccountRule.fixed("demo-1"), generic.accounts());
        assertEquals("USD", generic.currency());
        assertEquals("gen", generic.dialSource());
    }

    @Test
    void aCucmSourceNeedsNoZoneItsTimesAreEpochSeconds() {
        FileIngestSettings files = FileIngestSettings.from(Settings.of(Map.of("ingest.files.sources", "cucm",
                "ingest.files.cucm.format", "cisco-cucm", "ingest.files.cucm.tenant", "demo",
                "ingest.files.cucm.plan", "demo-flat", "ingest.files.cucm.account", "demo-1")));
        assertEquals(CiscoCucmCsv.FORMAT, files.sources().get(0).parser().format());
        assertEquals(2, files.sources().get(0).parser().headerLines());
    }

    @Test
    void noSourcesMeansNoFileJob() {
        assertFalse(FileIngestSettings.from(Settings.of(Map.of())).enabled());
    }

    @Test
    void errorsNameTheKey() {
        Map<String, String> noZone = asterisk();
        noZone.remove("ingest.files.pbx1.zone");
        assertEquals("ingest.files.pbx1.zone", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(noZone))).key());
        Map<String, String> badFormat = asterisk();
        badFormat.put("ingest.files.pbx1.format", "cisco");
        assertEquals("ingest.files.pbx1.format", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(badFormat))).key());
        Map<String, String> noAccount = asterisk();
        noAccount.remove("ingest.files.gen.account");
        assertEquals("ingest.files.gen.account", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(noAccount))).key());
        Map<String, String> badColumns = asterisk();
        badColumns.put("ingest.files.gen.columns", "caller=1");
        assertEquals("ingest.files.gen.columns", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(badColumns))).key());
    }
}
