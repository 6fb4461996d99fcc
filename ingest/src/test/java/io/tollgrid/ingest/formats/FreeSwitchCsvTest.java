package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FreeSwitchCsvTest {
    private static final LineParser LONDON = FreeSwitchCsv.parser(ZoneId.of("Europe/London"));

    @Test
    void readsTheDefaultTemplate() throws RejectedLine {
        SwitchCdr cdr = LONDON.parse("\"Petar Ivanov\",\"35929000001\",\"442071234567\",\"default\",\"2026-07-01 10:00:00\","
                + "\"2026-07-01 10:00:05\",\"2026-07-01 10:01:35\",\"95\",\"90\",\"NORMAL_CLEARING\","
                + "\"5a6c2a8e-1e0f-4b4e-9a53-3d2b8f0e7c11\",\"\",\"acc-7\",\"PCMA\",\"PCMA\"");
        assertEquals("5a6c2a8e-1e0f-4b4e-9a53-3d2b8f0e7c11", cdr.callId());
        assertEquals("acc-7", cdr.account());
        assertEquals("35929000001", cdr.caller());
        assertEquals("442071234567", cdr.callee());
        // London in July is UTC+1.
        assertEquals(Instant.parse("2026-07-01T09:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-07-01T09:00:05Z"), cdr.answer());
        assertEquals(Instant.parse("2026-07-01T09:01:35Z"), cdr.end());
        assertEquals(90, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
    }

    @Test
    void aBusyCallHasNoAnswerAndTheCauseDecidesTheDisposition() throws RejectedLine {
        SwitchCdr cdr = LONDON.parse("\"\",\"1001\",\"1002\",\"default\",\"2026-01-10 08:00:00\",\"\",\"2026-01-10 08:00:03\","
                + "\"3\",\"0\",\"USER_BUSY\",\"b3c1\",\"\",\"\",\"PCMU\",\"PCMU\"");
        assertNull(cdr.answer());
        assertNull(cdr.account());
        assertEquals(Instant.parse("2026-01-10T08:00:00Z"), cdr.start());
        assertEquals(Disposition.BUSY, cdr.disposition());
    }

    @Test
    void aLineOfAnotherTemplateIsRefused() {
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> LONDON.parse("\"1001\",\"1002\",\"2026-01-10 08:00:00\""));
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, rejected.reason());
    }
}
