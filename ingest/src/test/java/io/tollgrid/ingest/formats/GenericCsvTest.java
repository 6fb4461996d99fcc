package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenericCsvTest {
    private static final ColumnMapping MAPPING = ColumnMapping.parse("call_id=1, account=2, caller=3, callee=4, start=5, billsec=6");

    @Test
    void readsMappedColumnsWithEpochTimes() throws RejectedLine {
        SwitchCdr cdr = new GenericCsv(MAPPING, GenericCsv.EPOCH, null, 1)
                .parse("call-77,acc-9,35929000001,442071234567,1768464000,90,ignored");
        assertEquals("call-77", cdr.callId());
        assertEquals("acc-9", cdr.account());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        // No end or duration column: the call lasted its billed time.
        assertEquals(Instant.parse("2026-01-15T08:01:30Z"), cdr.end());
        assertEquals(90, cdr.durationSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
    }

    @Test
    void readsLocalTimesInAPatternAndADispositionColumn() throws RejectedLine {
        ColumnMapping mapping = ColumnMapping.parse("caller=1,callee=2,start=3,end=4,billsec=5,disposition=6");
        SwitchCdr cdr = new GenericCsv(mapping, "dd/MM/uuuu HH:mm:ss", ZoneId.of("Europe/Sofia"), 0)
                .parse("1001,0035929876543,15/01/2026 10:00:00,15/01/2026 10:00:30,0,busy");
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(30, cdr.durationSeconds());
        assertEquals(Disposition.BUSY, cdr.disposition());
    }

    @Test
    void isoTimesAndBadValuesAreRefused() {
        GenericCsv iso = new GenericCsv(MAPPING, GenericCsv.ISO, null, 0);
        assertEquals(RejectReason.BAD_TIME, assertThrows(RejectedLine.class,
                () -> iso.parse("c,a,1001,1002,2026-01-15 10:00,5")).reason());
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, assertThrows(RejectedLine.class,
                () -> iso.parse("c,a,1001,1002,2026-01-15T10:00:00Z")).reason());
    }

    @Test
    void aMappingWithoutARequiredFieldOrWithAnUnknownOneIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.parse("caller=1,callee=2,start=3"));
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.parse("caller=1,callee=2,start=3,billsec=4,cost=5"));
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.parse("caller=1,callee=2,start=3,billsec=x"));
    }
}
