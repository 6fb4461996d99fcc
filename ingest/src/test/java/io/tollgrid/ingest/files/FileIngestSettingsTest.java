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
    void postingIsOffByDefaultAndACatchAllNeedsIt() {
        Map<String, String> keys = asterisk();
        assertEquals(PostRule.OFF, FileIngestSettings.from(Settings.of(keys)).sources().get(0).posting());
        keys.put("ingest.files.pbx1.post", "true");
        assertEquals(PostRule.rejectingUnknown(), FileIngestSettings.from(Settings.of(keys)).sources().get(0).posting());
        keys.put("ingest.files.pbx1.post.catchall", " acc-suspense ");
        assertEquals(PostRule.parkingOn("acc-suspense"), FileIngestSettings.from(Settings.of(keys)).sources().get(0).posting());
        keys.put("ingest.files.pbx1.post", "yes");
        SettingsException notBoolean = assertThrows(SettingsException.class, () -> FileIngestSettings.from(Settings.of(keys)));
        assertTrue(notBoolean.getMessage().contains("ingest.files.pbx1.post"), notBoolean.getMessage());
        keys.put("ingest.files.pbx1.post", "false");
        SettingsException orphan = assertThrows(SettingsException.class, () -> FileIngestSettings.from(Settings.of(keys)));
        assertTrue(orphan.getMessage().contains("ingest.files.pbx1.post.catchall"), orphan.getMessage());
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

    @Test
    void anAsteriskCustomSourceTakesItsCdrCustomMappingAndAFreeSwitchSourceItsTemplate() throws Exception {
        Map<String, String> keys = asterisk();
        keys.put("ingest.files.sources", "custom, fs");
        keys.put("ingest.files.custom.format", "asterisk-custom");
        keys.put("ingest.files.custom.tenant", "demo");
        keys.put("ingest.files.custom.plan", "demo-flat");
        keys.put("ingest.files.custom.account", "demo-1");
        keys.put("ingest.files.custom.zone", "UTC");
        keys.put("ingest.files.custom.feature.codes", "free");
        keys.put("ingest.files.custom.template", "Master.csv => ${CSV_QUOTE(${CDR(src)})},${CSV_QUOTE(${CDR(dst)})},"
                + "${CDR(start)},${CDR(answer)},${CDR(end)},${CDR(duration)},${CDR(billsec)},${CDR(disposition)}");
        keys.put("ingest.files.fs.format", "freeswitch-csv");
        keys.put("ingest.files.fs.tenant", "demo");
        keys.put("ingest.files.fs.plan", "demo-flat");
        keys.put("ingest.files.fs.account", "demo-1");
        keys.put("ingest.files.fs.zone", "UTC");
        keys.put("ingest.files.fs.legs", "ab");

        FileIngestSettings files = FileIngestSettings.from(Settings.of(keys));

        FileSource custom = files.sources().get(0);
        assertEquals("asterisk-custom", custom.parser().format());
        assertTrue(custom.freeFeatureCodes());
        assertEquals("*97", custom.parser().parse("\"1001\",\"*97\",\"2026-01-15 10:00:00\",,"
                + "\"2026-01-15 10:00:09\",9,0,\"NO ANSWER\"").callee());
        FileSource fs = files.sources().get(1);
        assertFalse(fs.freeFeatureCodes());
        assertTrue(fs.parser().parse("\"\",\"1001\",\"1002\",\"default\",\"2026-07-01 10:00:00\",\"2026-07-01 10:00:04\","
                + "\"2026-07-01 10:00:34\",\"34\",\"30\",\"NORMAL_CLEARING\",\"b-1\",\"a-1\",\"\",\"PCMA\",\"PCMA\"").isBLeg());
    }

    @Test
    void aTemplateOrLayoutThatCannotBeReadStopsTheStartNamingItsKey() {
        Map<String, String> keys = asterisk();
        keys.put("ingest.files.sources", "pbx1");
        keys.put("ingest.files.pbx1.format", "asterisk-custom");
        assertEquals("ingest.files.pbx1.template", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
        keys.put("ingest.files.pbx1.template", "\"${CDR(src)}\",\"${CDR(dst)}\",\"${CDR(start)}\"");
        SettingsException missing = assertThrows(SettingsException.class, () -> FileIngestSettings.from(Settings.of(keys)));
        assertEquals("ingest.files.pbx1.template", missing.key());
        assertTrue(missing.getMessage().contains("${CDR(end)}"), missing.getMessage());

        keys.put("ingest.files.pbx1.format", "asterisk-csv");
        keys.put("ingest.files.pbx1.layout", "22");
        assertEquals("ingest.files.pbx1.layout", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
        keys.put("ingest.files.pbx1.layout", "uniqueid+newcdrcolumns");
        keys.put("ingest.files.pbx1.feature.codes", "maybe");
        assertEquals("ingest.files.pbx1.feature.codes", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
        keys.remove("ingest.files.pbx1.feature.codes");
        keys.put("ingest.files.pbx1.format", "freeswitch-csv");
        keys.put("ingest.files.pbx1.legs", "b");
        assertEquals("ingest.files.pbx1.legs", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
    }

    @Test
    void kamailioAndYeastarSourcesNeedAZoneAndKamailioNamesItsFields() {
        Map<String, String> keys = asterisk();
        keys.put("ingest.files.sources", "pbx1");
        keys.put("ingest.files.pbx1.format", "kamailio-acc");
        keys.put("ingest.files.pbx1.fields", "caller=c1,callee=c2");
        assertEquals("kamailio-acc", FileIngestSettings.from(Settings.of(keys)).sources().get(0).parser().format());
        keys.put("ingest.files.pbx1.fields", "who=c1");
        assertEquals("ingest.files.pbx1.fields", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
        keys.put("ingest.files.pbx1.format", "yeastar-csv");
        assertEquals("yeastar-csv", FileIngestSettings.from(Settings.of(keys)).sources().get(0).parser().format());
        keys.remove("ingest.files.pbx1.zone");
        assertEquals("ingest.files.pbx1.zone", assertThrows(SettingsException.class,
                () -> FileIngestSettings.from(Settings.of(keys))).key());
    }
}
