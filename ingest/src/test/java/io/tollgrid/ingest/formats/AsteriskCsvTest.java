package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AsteriskCsvTest {
    private static final LineParser SOFIA = AsteriskCsv.parser(ZoneId.of("Europe/Sofia"));

    /** Sofia is UTC+2 in winter. */
    private static final String ANSWERED = "\"acc-1001\",\"1001\",\"0035929876543\",\"from-internal\","
            + "\"\"\"Ivanov, Petar\"\" <1001>\",\"PJSIP/1001-00000001\",\"PJSIP/trunk-00000002\",\"Dial\","
            + "\"PJSIP/0035929876543@trunk,60,L(3600000)\",\"2026-01-15 10:00:00\",\"2026-01-15 10:00:05\","
            + "\"2026-01-15 10:01:35\",95,90,\"ANSWERED\",\"DOCUMENTATION\",\"1768464000.1\",\"\"";

    @Test
    void readsAnAnsweredCallWithQuotesAndCommasInsideFields() throws RejectedLine {
        SwitchCdr cdr = SOFIA.parse(ANSWERED);
        assertEquals("1768464000.1", cdr.callId());
        assertEquals("acc-1001", cdr.account());
        assertEquals("1001", cdr.caller());
        assertEquals("0035929876543", cdr.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-01-15T08:00:05Z"), cdr.answer());
        assertEquals(Instant.parse("2026-01-15T08:01:35Z"), cdr.end());
        assertEquals(95, cdr.durationSeconds());
        assertEquals(90, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
        assertEquals("1001", cdr.sourceTrunk(), "the peer of the channel: the extension's phone");
        assertEquals("trunk", cdr.destinationTrunk(), "the peer of the dstchannel");
    }

    @Test
    void withoutTheOptionalColumnsThereIsNoCallIdAndAnUnansweredCallHasNoAnswerTime() throws RejectedLine {
        SwitchCdr cdr = SOFIA.parse("\"\",\"1002\",\"900442071234567\",\"from-internal\",\"\",\"PJSIP/1002-00000003\",\"\","
                + "\"Dial\",\"\",\"2026-07-01 12:00:00\",\"\",\"2026-07-01 12:00:20\",20,0,\"NO ANSWER\",\"DOCUMENTATION\"");
        assertNull(cdr.callId());
        assertNull(cdr.account());
        assertNull(cdr.answer());
        // Summer: UTC+3.
        assertEquals(Instant.parse("2026-07-01T09:00:00Z"), cdr.start());
        assertEquals(0, cdr.billSeconds());
        assertEquals(Disposition.NO_ANSWER, cdr.disposition());
    }

    @Test
    void aCallAcrossTheSpringChangeKeepsItsRealDuration() throws RejectedLine {
        // 03:00 EET becomes 04:00 EEST on 2026-03-29: 100 s of call span an hour of wall clock.
        SwitchCdr cdr = SOFIA.parse(line("2026-03-29 02:59:30", "2026-03-29 02:59:40", "2026-03-29 04:01:10", 100, 90));
        assertEquals(Instant.parse("2026-03-29T00:59:30Z"), cdr.start());
        assertEquals(Instant.parse("2026-03-29T00:59:40Z"), cdr.answer());
        assertEquals(Instant.parse("2026-03-29T01:01:10Z"), cdr.end());
    }

    @Test
    void aCallInTheRepeatedAutumnHourIsPlacedByItsDuration() throws RejectedLine {
        // 04:00 EEST becomes 03:00 EET on 2026-10-25: 03:50 and 03:10 each happen twice. A 20-minute call from
        // 03:50 (first time) to 03:10 (second time) is the only reading that fits duration 1200.
        SwitchCdr cdr = SOFIA.parse(line("2026-10-25 03:50:00", "2026-10-25 03:50:10", "2026-10-25 03:10:00", 1200, 1190));
        assertEquals(Instant.parse("2026-10-25T00:50:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-10-25T00:50:10Z"), cdr.answer());
        assertEquals(Instant.parse("2026-10-25T01:10:00Z"), cdr.end());
    }

    @Test
    void aLocalTimeSkippedBySpringIsRefused() {
        assertRejected(RejectReason.BAD_TIME, line("2026-03-29 03:30:00", "", "2026-03-29 04:31:00", 60, 0));
    }

    @Test
    void badLinesAreRefusedWithTheirReason() {
        assertRejected(RejectReason.NEGATIVE_DURATION, line("2026-01-15 10:00:00", "", "2026-01-15 10:00:00", -5, 0));
        assertRejected(RejectReason.NEGATIVE_DURATION, line("2026-01-15 10:00:00", "2026-01-15 10:00:01", "2026-01-15 10:00:10", 10, 11));
        assertRejected(RejectReason.ABSURD_DURATION, line("2026-01-15 10:00:00", "2026-01-15 10:00:01", "2026-01-15 10:00:10", 999_999, 10));
        assertRejected(RejectReason.BAD_TIME, line("2026-02-30 10:00:00", "", "2026-02-30 10:00:10", 10, 0));
        assertRejected(RejectReason.BAD_TIME, line("yesterday", "", "2026-01-15 10:00:10", 10, 0));
        assertRejected(RejectReason.INCONSISTENT_TIMES, line("2026-01-15 10:00:00", "", "2026-01-15 09:00:00", 10, 0));
        assertRejected(RejectReason.INCONSISTENT_TIMES, line("2026-01-15 10:00:00", "2026-01-15 11:00:00", "2026-01-15 10:00:10", 10, 5));
        assertRejected(RejectReason.BAD_NUMBER, ANSWERED.replace(",95,90,", ",95,ninety,"));
        assertRejected(RejectReason.UNKNOWN_DISPOSITION, ANSWERED.replace("\"ANSWERED\"", "\"MAYBE\""));
        assertRejected(RejectReason.MISSING_FIELD, ANSWERED.replace("\"0035929876543\",\"from", "\"\",\"from"));
        assertRejected(RejectReason.MISSING_FIELD, line("", "", "2026-01-15 10:00:10", 10, 0));
        assertRejected(RejectReason.WRONG_COLUMN_COUNT, "\"acc\",\"1001\",\"0035929876543\",\"2026-01-15 10:00:00\",10,10");
        assertRejected(RejectReason.MALFORMED_CSV, "\"acc-1001\",\"1001\",\"00359");
        assertRejected(RejectReason.BLANK_LINE, "  ");
        assertRejected(RejectReason.LINE_TOO_LONG, ANSWERED + ",\"" + "x".repeat(LineParser.MAX_LINE_CHARS) + "\"");
    }

    @Test
    void aRejectNamesTheField() {
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> SOFIA.parse(ANSWERED.replace(",95,90,", ",95,ninety,")));
        assertEquals("billsec (column 14) is not a whole number: ninety", rejected.detail());
    }

    /**
     * Asterisk 16+ with {@code newcdrcolumns=yes}: a ring group 600 rings 1002, 1003 and 1004 at once; 1002
     * answers. Three lines share uniqueid, linkedid and start; dstchannel and sequence differ; durations and the
     * sequence unquoted, an unanswered leg's answer an empty unquoted field.
     */
    static final String RING_1002 = "\"acc-1001\",\"1001\",\"600\",\"from-internal\",\"\"\"Ivanov, Petar\"\" <1001>\","
            + "\"PJSIP/1001-0000002a\",\"PJSIP/1002-0000002b\",\"Dial\",\"PJSIP/1002&PJSIP/1003&PJSIP/1004,30\","
            + "\"2026-01-15 10:00:00\",\"2026-01-15 10:00:06\",\"2026-01-15 10:02:06\",126,120,\"ANSWERED\","
            + "\"DOCUMENTATION\",\"1768464000.42\",\"\",\"\",\"1768464000.42\",5";
    static final String RING_1003 = "\"acc-1001\",\"1001\",\"600\",\"from-internal\",\"\"\"Ivanov, Petar\"\" <1001>\","
            + "\"PJSIP/1001-0000002a\",\"PJSIP/1003-0000002c\",\"Dial\",\"PJSIP/1002&PJSIP/1003&PJSIP/1004,30\","
            + "\"2026-01-15 10:00:00\",,\"2026-01-15 10:00:06\",6,0,\"NO ANSWER\","
            + "\"DOCUMENTATION\",\"1768464000.42\",\"\",\"\",\"1768464000.42\",6";

    @Test
    void readsTheTwentyOneColumnsOfNewcdrcolumnsWithUnquotedNumbersAndAnEmptyUnquotedAnswer() throws RejectedLine {
        SwitchCdr answered = SOFIA.parse(RING_1002);
        assertEquals("1768464000.42", answered.callId());
        assertEquals("600", answered.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:06Z"), answered.answer());
        assertEquals(126, answered.durationSeconds());
        assertEquals(120, answered.billSeconds());
        assertEquals("5", answered.leg());
        assertEquals("PJSIP/1002-0000002b", answered.answeredParty());

        SwitchCdr unanswered = SOFIA.parse(RING_1003);
        assertNull(unanswered.answer());
        assertEquals(Disposition.NO_ANSWER, unanswered.disposition());
        assertEquals("6", unanswered.leg(), "the sequence tells the legs of one uniqueid and start apart");
        assertNull(unanswered.answeredParty());
        assertEquals(answered.start(), unanswered.start());
        assertEquals(answered.callId(), unanswered.callId());
    }

    @Test
    void everyLayoutAsteriskWritesIsFoundByItsColumnCount() throws RejectedLine {
        String base = "\"acc-1\",\"1001\",\"0035929876543\",\"from-internal\",\"\",\"SIP/1001-00000001\","
                + "\"SIP/trunk-00000002\",\"Dial\",\"SIP/trunk/0035929876543\",\"2026-01-15 10:00:00\","
                + "\"2026-01-15 10:00:05\",\"2026-01-15 10:01:35\",95,90,\"ANSWERED\",\"DOCUMENTATION\"";
        assertNull(SOFIA.parse(base).callId(), "16 columns: no uniqueid");
        assertEquals("u-17", SOFIA.parse(base + ",\"u-17\"").callId());
        assertEquals("u-18", SOFIA.parse(base + ",\"u-18\",\"vip\"").callId());
        SwitchCdr nineteen = SOFIA.parse(base + ",\"\",\"l-19\",19");
        assertNull(nineteen.callId(), "19 columns: newcdrcolumns without uniqueid");
        assertEquals("19", nineteen.leg());
        SwitchCdr twenty = SOFIA.parse(base + ",\"u-20\",\"\",\"u-20\",20");
        assertEquals("u-20", twenty.callId());
        assertEquals("20", twenty.leg());
        SwitchCdr unquoted = SOFIA.parse(base.replace("\"", "") + ",u-21,,,u-21,21");
        assertEquals("u-21", unquoted.callId());
        assertEquals(Instant.parse("2026-01-15T08:01:35Z"), unquoted.end());
        assertEquals("21", unquoted.leg());
        for (String line : List.of(base + ",\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"", base.substring(0, base.lastIndexOf(',')))) {
            RejectedLine rejected = assertThrows(RejectedLine.class, () -> SOFIA.parse(line));
            assertEquals(RejectReason.WRONG_COLUMN_COUNT, rejected.reason());
        }
    }

    @Test
    void aPinnedLayoutReadsSeventeenColumnsAsUserfieldAndRefusesOtherWidths() throws RejectedLine {
        LineParser userfieldOnly = AsteriskCsv.parser(ZoneId.of("Europe/Sofia"), AsteriskCsv.Layout.parse("userfield"));
        String line = line("2026-01-15 10:00:00", "2026-01-15 10:00:05", "2026-01-15 10:01:35", 95, 90);
        String seventeen = line.substring(0, line.lastIndexOf(",\"u-1\"")) + ",\"vip-customer\"";
        assertNull(userfieldOnly.parse(seventeen).callId(), "the 17th column is the userfield, not a call id");
        assertEquals("vip-customer", SOFIA.parse(seventeen).callId(), "found by count, 17 columns mean uniqueid");
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> userfieldOnly.parse(line));
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, rejected.reason());
        assertEquals(AsteriskCsv.Layout.parse("uniqueid+userfield+newcdrcolumns"), AsteriskCsv.Layout.parse("21"));
        assertNull(AsteriskCsv.Layout.parse("auto"));
        assertThrows(IllegalArgumentException.class, () -> AsteriskCsv.Layout.parse("22"));
        assertThrows(IllegalArgumentException.class, () -> AsteriskCsv.Layout.parse("uniqueid+peeraccount"));
    }

    @Test
    void withoutSequenceAnUnansweredForkIsToldByItsDstchannelAndTheAnsweredLegKeepsTheBareUniqueid() throws RejectedLine {
        String answered = line("2026-01-15 10:00:00", "2026-01-15 10:00:05", "2026-01-15 10:01:35", 95, 90)
                .replace("PJSIP/trunk-2", "PJSIP/1002-0000000b");
        String fork = line("2026-01-15 10:00:00", "", "2026-01-15 10:00:05", 5, 0)
                .replace("PJSIP/trunk-2", "PJSIP/1003-0000000c").replace("\"ANSWERED\"", "\"NO ANSWER\"");
        SwitchCdr a = SOFIA.parse(answered);
        SwitchCdr b = SOFIA.parse(fork);
        assertNull(a.leg());
        assertEquals("PJSIP/1002-0000000b", a.answeredParty());
        assertEquals("PJSIP/1003-0000000c", b.leg());
        assertNull(b.answeredParty());
    }

    @Test
    void featureCodesWithStarAndHashAreReadAsDialled() throws RejectedLine {
        SwitchCdr cdr = SOFIA.parse(ANSWERED.replace("\"0035929876543\",\"from", "\"*72#\",\"from"));
        assertEquals("*72#", cdr.callee());
    }

    static String line(String start, String answer, String end, long duration, long billsec) {
        return "\"acc-1\",\"1001\",\"0035929876543\",\"from-internal\",\"\",\"PJSIP/1001-1\",\"PJSIP/trunk-2\",\"Dial\",\"\",\""
                + start + "\",\"" + answer + "\",\"" + end + "\"," + duration + "," + billsec
                + ",\"ANSWERED\",\"DOCUMENTATION\",\"u-1\",\"\"";
    }

    private static void assertRejected(RejectReason reason, String line) {
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> SOFIA.parse(line), line);
        assertEquals(reason, rejected.reason(), rejected.detail());
    }
}
