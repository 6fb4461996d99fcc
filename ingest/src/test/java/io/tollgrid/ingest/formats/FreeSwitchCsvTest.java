package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    /** legs=ab, default template: an internal call 1001 → 1002, A leg then B leg naming it in bleg_uuid. */
    static final String A_LEG = "\"Petar\",\"1001\",\"1002\",\"default\",\"2026-07-01 10:00:00\",\"2026-07-01 10:00:04\","
            + "\"2026-07-01 10:00:34\",\"34\",\"30\",\"NORMAL_CLEARING\",\"a1a1a1a1-0000-4000-8000-000000000001\",\"\","
            + "\"acc-7\",\"PCMA\",\"PCMA\"";
    static final String B_LEG = "\"Petar\",\"1001\",\"1002\",\"default\",\"2026-07-01 10:00:00\",\"2026-07-01 10:00:04\","
            + "\"2026-07-01 10:00:34\",\"34\",\"30\",\"NORMAL_CLEARING\",\"b2b2b2b2-0000-4000-8000-000000000002\","
            + "\"a1a1a1a1-0000-4000-8000-000000000001\",\"acc-7\",\"PCMA\",\"PCMA\"";

    @Test
    void withLegsAbTheLineNamingAnotherInBlegUuidIsThatCallsBLeg() throws RejectedLine {
        LineParser ab = FreeSwitchCsv.parser(ZoneId.of("Europe/London"), null, true);
        SwitchCdr a = ab.parse(A_LEG);
        SwitchCdr b = ab.parse(B_LEG);
        assertFalse(a.isBLeg());
        assertNull(a.leg());
        assertTrue(b.isBLeg());
        assertEquals("a1a1a1a1-0000-4000-8000-000000000001", b.aLegCallId());
        assertEquals("b2b2b2b2-0000-4000-8000-000000000002", b.leg());
        assertEquals("1002", b.answeredParty(), "the B leg names who answered");
        assertFalse(LONDON.parse(B_LEG).isBLeg(), "legs=a (the default): every line is a call of its own");
    }

    @Test
    void aTemplateWithDirectionTellsTheLegsApartWhateverBlegUuidHolds() throws RejectedLine {
        LineParser parser = FreeSwitchCsv.parser(ZoneId.of("UTC"), "\"${uuid}\",\"${bleg_uuid}\",\"${direction}\","
                + "\"${caller_id_number}\",\"${destination_number}\",\"${callee_id_number}\",\"${start_epoch}\","
                + "\"${answer_epoch}\",\"${end_epoch}\",\"${duration}\",\"${billsec}\",\"${hangup_cause}\","
                + "\"${sip_user_agent}\",\"${accountcode}\"", true);
        // 2026-01-15T08:00:00Z; each leg names the other in bleg_uuid, direction decides.
        SwitchCdr a = parser.parse("\"a-1\",\"b-1\",\"inbound\",\"1001\",\"00442071234567\",\"442071234567\","
                + "\"1768464000\",\"1768464005\",\"1768464095\",\"95\",\"90\",\"NORMAL_CLEARING\",\"Yealink T46\",\"acc-1\"");
        SwitchCdr b = parser.parse("\"b-1\",\"a-1\",\"outbound\",\"1001\",\"442071234567\",\"\","
                + "\"1768464000\",\"1768464005\",\"1768464095\",\"95\",\"90\",\"NORMAL_CLEARING\",\"\",\"acc-1\"");
        assertFalse(a.isBLeg());
        assertEquals("442071234567", a.answeredParty());
        assertEquals(Instant.parse("2026-01-15T08:00:05Z"), a.answer());
        assertEquals("acc-1", a.account());
        assertTrue(b.isBLeg());
        assertEquals("a-1", b.aLegCallId());
    }

    @Test
    void theGatewayALegWasBridgedThroughIsTheTrunkItWentOutOn() throws RejectedLine {
        LineParser parser = FreeSwitchCsv.parser(ZoneId.of("UTC"), "\"${uuid}\",\"${caller_id_number}\","
                + "\"${destination_number}\",\"${start_epoch}\",\"${answer_epoch}\",\"${end_epoch}\",\"${duration}\","
                + "\"${billsec}\",\"${hangup_cause}\",\"${sip_gateway_name}\"", false);
        SwitchCdr out = parser.parse("\"u-1\",\"1001\",\"00442071234567\",\"1768464000\",\"1768464005\",\"1768464095\","
                + "\"95\",\"90\",\"NORMAL_CLEARING\",\"telco-gw\"");
        assertEquals("telco-gw", out.destinationTrunk());
        assertEquals(16, out.cause(), "NORMAL_CLEARING");
        assertEquals(null, out.sourceTrunk(), "FreeSWITCH names no trunk a call came in on");
        SwitchCdr internal = parser.parse("\"u-2\",\"1001\",\"1002\",\"1768464000\",\"1768464005\",\"1768464095\","
                + "\"95\",\"90\",\"NORMAL_CLEARING\",\"\"");
        assertEquals(null, internal.destinationTrunk());
    }

    @Test
    void theCauseIsHangupCauseQ850WhenTheTemplateHasItElseTheNamesValue() throws RejectedLine {
        LineParser parser = FreeSwitchCsv.parser(ZoneId.of("UTC"), "\"${uuid}\",\"${caller_id_number}\","
                + "\"${destination_number}\",\"${start_epoch}\",\"${answer_epoch}\",\"${end_epoch}\",\"${duration}\","
                + "\"${billsec}\",\"${hangup_cause}\",\"${hangup_cause_q850}\"", false);
        SwitchCdr busy = parser.parse("\"u-3\",\"1001\",\"1002\",\"1768464000\",\"\",\"1768464010\",\"10\",\"0\","
                + "\"USER_BUSY\",\"17\"");
        assertEquals(17, busy.cause());
        assertEquals(Disposition.BUSY, busy.disposition());
        SwitchCdr ownCause = parser.parse("\"u-4\",\"1001\",\"1002\",\"1768464000\",\"\",\"1768464010\",\"10\",\"0\","
                + "\"LOSE_RACE\",\"\"");
        assertEquals(0, ownCause.cause(), "a FreeSWITCH cause with no Q.850 value, and no q850 column value");
        assertEquals(Disposition.FAILED, ownCause.disposition());
    }

    @Test
    void aTemplateWithoutAHangupCauseIsAConfigurationError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FreeSwitchCsv.parser(
                ZoneId.of("UTC"), "\"${caller_id_number}\",\"${destination_number}\",\"${start_stamp}\",\"${end_stamp}\","
                        + "\"${duration}\",\"${billsec}\",\"${uuid}\"", false));
        assertTrue(error.getMessage().contains("${hangup_cause}"), error.getMessage());
    }

    @Test
    void aLineOfAnotherTemplateIsRefused() {
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> LONDON.parse("\"1001\",\"1002\",\"2026-01-10 08:00:00\""));
        assertEquals(RejectReason.WRONG_COLUMN_COUNT, rejected.reason());
    }
}
