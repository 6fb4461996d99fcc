package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CiscoCucmCsvTest {
    /** The first columns of a CUCM CDR file as CUCM writes them (names quoted), then the types row. */
    private static final List<String> HEADER = List.of(
            "\"cdrRecordType\",\"globalCallID_callManagerId\",\"globalCallID_callId\",\"origLegCallIdentifier\","
                    + "\"dateTimeOrigination\",\"origNodeId\",\"origSpan\",\"origIpAddr\",\"callingPartyNumber\","
                    + "\"originalCalledPartyNumber\",\"finalCalledPartyNumber\",\"destLegIdentifier\",\"dateTimeConnect\","
                    + "\"dateTimeDisconnect\",\"destCause_value\",\"duration\",\"clientMatterCode\"",
            "INTEGER,INTEGER,INTEGER,INTEGER,INTEGER,INTEGER,INTEGER,INTEGER,VARCHAR(50),VARCHAR(50),VARCHAR(50),"
                    + "INTEGER,INTEGER,INTEGER,INTEGER,INTEGER,VARCHAR(32)");

    private static LineParser parser() throws RejectedLine {
        LineParser generic = CiscoCucmCsv.parser();
        assertEquals(2, generic.headerLines());
        return generic.forHeader(HEADER);
    }

    @Test
    void readsAnAnsweredCallByColumnNameInEpochSeconds() throws RejectedLine {
        SwitchCdr cdr = parser().parse("1,1,1234567,21680001,1768464000,1,0,-1062731519,\"1001\",\"900442071234567\","
                + "\"900442071234567\",21680002,1768464005,1768464095,16,90,\"acc-77\"");
        assertEquals("1:1234567:21680001:21680002", cdr.callId());
        assertEquals("acc-77", cdr.account());
        assertEquals("1001", cdr.caller());
        assertEquals("900442071234567", cdr.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-01-15T08:00:05Z"), cdr.answer());
        assertEquals(Instant.parse("2026-01-15T08:01:35Z"), cdr.end());
        assertEquals(95, cdr.durationSeconds());
        assertEquals(90, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
    }

    @Test
    void aBusyCallWasNeverConnectedAndFallsBackToTheOriginalCalledNumber() throws RejectedLine {
        SwitchCdr cdr = parser().parse("1,1,1234568,21680003,1768464100,1,0,0,\"1002\",\"5551234\",\"\",21680004,0,"
                + "1768464103,17,0,\"\"");
        assertNull(cdr.answer());
        assertNull(cdr.account());
        assertEquals("5551234", cdr.callee());
        assertEquals(3, cdr.durationSeconds());
        assertEquals(Disposition.BUSY, cdr.disposition());
    }

    @Test
    void cmrRecordsForeignHeadersAndBadTimesAreRefused() throws RejectedLine {
        LineParser parser = parser();
        assertEquals(RejectReason.NOT_A_CALL_RECORD, assertThrows(RejectedLine.class, () -> parser.parse(
                "2,1,1234567,21680001,1768464000,1,0,0,\"1001\",\"\",\"\",0,0,1768464095,0,0,\"\"")).reason());
        assertEquals(RejectReason.BAD_TIME, assertThrows(RejectedLine.class, () -> parser.parse(
                "1,1,1234567,21680001,yesterday,1,0,0,\"1001\",\"2\",\"2\",0,0,1768464095,16,0,\"\"")).reason());
        assertEquals(RejectReason.INCONSISTENT_TIMES, assertThrows(RejectedLine.class, () -> parser.parse(
                "1,1,1234567,21680001,1768464095,1,0,0,\"1001\",\"2\",\"2\",0,0,1768464000,16,0,\"\"")).reason());
        assertEquals(RejectReason.NOT_A_CALL_RECORD, assertThrows(RejectedLine.class,
                () -> CiscoCucmCsv.parser().forHeader(List.of("\"caller\",\"callee\""))).reason());
    }
}
