package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class YeastarCsvTest {
    private static final String HEADER = "\uFEFF\"Time\",\"ID\",\"Call From\",\"Call To\",\"Call Duration(s)\",\"Ring Duration(s)\","
            + "\"Talk Duration(s)\",\"Status\",\"Reason\",\"Source Trunk\",\"Destination Trunk\",\"Communication Type\","
            + "\"DID/DDI\",\"Caller IP Address\",\"PIN Code\",\"Recording File\"";
    private static final LineParser PARSER = parser(HEADER);

    private static LineParser parser(String header) {
        try {
            return YeastarCsv.parser(ZoneId.of("Europe/Sofia")).forHeader(List.of(header));
        } catch (RejectedLine e) {
            throw new AssertionError(e.detail());
        }
    }

    @Test
    void readsAnOutboundCallByItsHeaderNames() throws RejectedLine {
        SwitchCdr cdr = PARSER.parse("\"2026-01-15 10:00:00\",\"1768464000.1201\",\"Alice<1001>\",\"00442071234567\",\"95\","
                + "\"5\",\"90\",\"ANSWERED\",\"Call Party (Internal Extension)\",\"\",\"SIP-Trunk-1\",\"Outbound\",\"\","
                + "\"192.168.1.20\",\"\",\"\"");
        assertEquals("1768464000.1201", cdr.callId());
        assertEquals("1001", cdr.caller());
        assertEquals("1001", cdr.account(), "the calling extension is the account code");
        assertEquals("00442071234567", cdr.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-01-15T08:00:05Z"), cdr.answer());
        assertEquals(Instant.parse("2026-01-15T08:01:35Z"), cdr.end());
        assertEquals(90, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
        assertNull(cdr.sourceTrunk(), "an outbound call came in on no trunk");
        assertEquals("SIP-Trunk-1", cdr.destinationTrunk());
        assertNull(cdr.leg());
    }

    @Test
    void columnsMayMoveDurationsMayBeClockTimesAndAnUnansweredLegIsToldByWhomItRang() throws RejectedLine {
        LineParser moved = parser("Call ID,Status,Call To,Call From,Time,Talk Duration,Call Duration");
        SwitchCdr cdr = moved.parse("1768464000.77,NO ANSWER,1003,1001,2026/01/15 10:00:00,0:00:00,0:00:20");
        assertEquals(20, cdr.durationSeconds());
        assertNull(cdr.answer());
        assertEquals(Disposition.NO_ANSWER, cdr.disposition());
        assertEquals("1003", cdr.leg());
        assertEquals(Disposition.ANSWERED, moved.parse("x,VOICEMAIL,1003,1001,2026-01-15 10:00:00,12,30").disposition());
    }

    @Test
    void aFileWithoutTheColumnsAndBadRowsAreRejectedWithTheirReason() {
        RejectedLine header = assertThrows(RejectedLine.class,
                () -> YeastarCsv.parser(ZoneId.of("UTC")).forHeader(List.of("\"Time\",\"Call From\",\"Call To\"")));
        assertEquals(RejectReason.NOT_A_CALL_RECORD, header.reason());
        LineParser moved = parser("Call ID,Status,Call To,Call From,Time,Talk Duration,Call Duration");
        assertEquals(RejectReason.UNKNOWN_DISPOSITION, assertThrows(RejectedLine.class,
                () -> moved.parse("x,MAYBE,1003,1001,2026-01-15 10:00:00,0,20")).reason());
        assertEquals(RejectReason.BAD_TIME, assertThrows(RejectedLine.class,
                () -> moved.parse("x,BUSY,1003,1001,15.01.2026 10:00,0,20")).reason());
        assertEquals(RejectReason.NEGATIVE_DURATION, assertThrows(RejectedLine.class,
                () -> moved.parse("x,ANSWERED,1003,1001,2026-01-15 10:00:00,30,20")).reason());
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, assertThrows(RejectedLine.class,
                () -> moved.parse("x,ANSWERED,1003")).reason());
    }
}
