package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsteriskCustomTest {
    private static final ZoneId SOFIA = ZoneId.of("Europe/Sofia");

    /** A cdr_custom.conf mapping with clid first and accountcode later, as a PBX vendor ships it. */
    private static final String MAPPING = "Master.csv => \"${CDR(clid)}\",\"${CDR(src)}\",\"${CDR(dst)}\","
            + "\"${CDR(dcontext)}\",\"${CDR(channel)}\",\"${CDR(dstchannel)}\",\"${CDR(lastapp)}\",\"${CDR(lastdata)}\","
            + "\"${CDR(start)}\",\"${CDR(answer)}\",\"${CDR(end)}\",\"${CDR(duration)}\",\"${CDR(billsec)}\","
            + "\"${CDR(disposition)}\",\"${CDR(amaflags)}\",\"${CDR(accountcode)}\",\"${CDR(uniqueid)}\","
            + "\"${CDR(userfield)}\",\"${CDR(linkedid)}\",\"${CDR(sequence)}\"";

    @Test
    void readsALineInTheOrderTheMappingGives() throws RejectedLine {
        LineParser parser = AsteriskCustom.parser(SOFIA, MAPPING);
        SwitchCdr cdr = parser.parse("\"\"\"Petrov\"\" <1005>\",\"1005\",\"00442071234567\",\"from-internal\","
                + "\"PJSIP/1005-00000011\",\"PJSIP/trunk-00000012\",\"Dial\",\"PJSIP/00442071234567@trunk\","
                + "\"2026-01-15 10:00:00\",\"2026-01-15 10:00:04\",\"2026-01-15 10:01:04\",\"64\",\"60\",\"ANSWERED\","
                + "\"DOCUMENTATION\",\"acc-1005\",\"1768464000.17\",\"\",\"1768464000.17\",\"31\"");
        assertEquals("acc-1005", cdr.account());
        assertEquals("1005", cdr.caller());
        assertEquals("00442071234567", cdr.callee());
        assertEquals("1768464000.17", cdr.callId());
        assertEquals(Instant.parse("2026-01-15T08:00:04Z"), cdr.answer());
        assertEquals(60, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
        assertEquals("31", cdr.leg());
        assertEquals("PJSIP/trunk-00000012", cdr.answeredParty());
        assertEquals(AsteriskCustom.FORMAT, parser.format());
    }

    @Test
    void theCsvQuoteFormWithUnknownVariablesAndEpochTimesIsRead() throws RejectedLine {
        LineParser parser = AsteriskCustom.parser(SOFIA, "${CSV_QUOTE(${CDR(src)})},${CSV_QUOTE(${CDR(dst)})},"
                + "${CSV_QUOTE(${CHANNEL(peerip)})},${CDR(start,u)},${CDR(answer,u)},${CDR(end,u)},${CDR(duration)},"
                + "${CDR(billsec)},${CSV_QUOTE(${CDR(disposition)})},${CSV_QUOTE(${CDR(uniqueid)})}");
        // 2026-01-15T08:00:00Z as epoch, with the microseconds the u option writes.
        SwitchCdr cdr = parser.parse("\"1001\",\"*1003\",\"10.0.0.5\",1768464000.123456,,1768464012.000001,12,0,"
                + "\"NO ANSWER\",\"1768464000.3\"");
        assertEquals("*1003", cdr.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-01-15T08:00:12Z"), cdr.end());
        assertNull(cdr.answer());
        assertEquals(Disposition.NO_ANSWER, cdr.disposition());
        assertNull(cdr.account());
    }

    @Test
    void aColumnJoiningTwoVariablesIsReadPastNotTakenForEither() throws RejectedLine {
        LineParser parser = AsteriskCustom.parser(SOFIA, "\"${CDR(src)}-${CDR(dst)}\",\"${CDR(src)}\",\"${CDR(dst)}\","
                + "\"${CDR(start)}\",\"${CDR(answer)}\",\"${CDR(end)}\",${CDR(duration)},${CDR(billsec)},\"${CDR(disposition)}\"");
        SwitchCdr cdr = parser.parse("\"1001-1002\",\"1001\",\"1002\",\"2026-01-15 10:00:00\",,\"2026-01-15 10:00:05\",5,0,"
                + "\"NO ANSWER\"");
        assertEquals("1001", cdr.caller());
        assertEquals("1002", cdr.callee());
    }

    @Test
    void aTemplateWithoutARequiredFieldIsAConfigurationError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AsteriskCustom.parser(SOFIA, MAPPING.replace("\"${CDR(billsec)}\",", "")));
        assertTrue(error.getMessage().contains("${CDR(billsec)}"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AsteriskCustom.parser(SOFIA, "   "));
    }

    @Test
    void aLineOfAnotherWidthIsRejected() {
        RejectedLine rejected = assertThrows(RejectedLine.class,
                () -> AsteriskCustom.parser(SOFIA, MAPPING).parse("\"1001\",\"1002\",\"2026-01-15 10:00:00\""));
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, rejected.reason());
    }
}
