package io.tollgrid.ingest.formats;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mod_json_cdr documents as FreeSWITCH 1.10 posts them (values URL-encoded, caller and callee in the caller profile). */
public class FreeSwitchJsonTest {
    static final ZoneId SOFIA = ZoneId.of("Europe/Sofia");

    static String aLeg() throws IOException {
        try (InputStream in = FreeSwitchJsonTest.class.getResourceAsStream("/freeswitch/json-cdr-a-leg.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The realistic document with some variables replaced (null removes one); the push tests post it too. */
    public static String edited(String... nameValue) throws IOException {
        JsonObject document = new JsonObject(aLeg());
        JsonObject variables = document.getJsonObject("variables");
        for (int i = 0; i < nameValue.length; i += 2) {
            if (nameValue[i + 1] == null) {
                variables.remove(nameValue[i]);
            } else {
                variables.put(nameValue[i], nameValue[i + 1]);
            }
        }
        return document.encode();
    }

    @Test
    void anAnsweredALegIsReadFromItsEpochsWithCallerAndCalleeFromTheCallerProfile() throws Exception {
        SwitchCdr cdr = new FreeSwitchJson(null).parse(aLeg());
        assertEquals("a1b2c3d4-1111-4a4a-9b9b-000000000001", cdr.callId());
        assertEquals("acc-fs-1", cdr.account());
        assertEquals("1001", cdr.caller());
        assertEquals("00442071234567", cdr.callee());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), cdr.start());
        assertEquals(Instant.parse("2026-03-01T10:00:05Z"), cdr.answer());
        assertEquals(Instant.parse("2026-03-01T10:01:35Z"), cdr.end());
        assertEquals(95, cdr.durationSeconds());
        assertEquals(90, cdr.billSeconds());
        assertEquals(Disposition.ANSWERED, cdr.disposition());
        assertFalse(cdr.isBLeg());
        assertNull(cdr.leg());
        assertEquals("00442071234567", cdr.answeredParty(), "last_sent_callee_id_number, as callee_id_number is unset");
    }

    @Test
    void withoutEpochsTheUrlEncodedStampsAreReadInTheSourcesZone() throws Exception {
        String document = edited("start_epoch", null, "answer_epoch", null, "end_epoch", null);
        SwitchCdr cdr = new FreeSwitchJson(SOFIA).parse(document);
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), cdr.start(), "12:00 in Sofia (UTC+2)");
        assertEquals(Instant.parse("2026-03-01T10:01:35Z"), cdr.end());

        RejectedLine noZone = assertThrows(RejectedLine.class, () -> new FreeSwitchJson(null).parse(document));
        assertEquals(RejectReason.BAD_TIME, noZone.reason());
        assertTrue(noZone.detail().contains("start_epoch"), noZone.detail());
    }

    @Test
    void anUnansweredCallHasAnAnswerEpochOfZeroAndNoAnswer() throws Exception {
        SwitchCdr cdr = new FreeSwitchJson(null).parse(edited("answer_epoch", "0", "answer_stamp", "", "billsec", "0",
                "duration", "20", "end_epoch", "1772359220", "hangup_cause", "NO_ANSWER"));
        assertNull(cdr.answer());
        assertEquals(0, cdr.billSeconds());
        assertEquals(Disposition.NO_ANSWER, cdr.disposition());
    }

    @Test
    void anOutboundLegNamingItsOriginatorIsThatCallsBLeg() throws Exception {
        SwitchCdr cdr = new FreeSwitchJson(null).parse(edited("direction", "outbound",
                "uuid", "b7c8d9e0-2222-4b4b-8c8c-000000000002",
                "originating_leg_uuid", "a1b2c3d4-1111-4a4a-9b9b-000000000001"));
        assertTrue(cdr.isBLeg());
        assertEquals("a1b2c3d4-1111-4a4a-9b9b-000000000001", cdr.aLegCallId());
        assertEquals("b7c8d9e0-2222-4b4b-8c8c-000000000002", cdr.leg());
    }

    @Test
    void badDocumentsAreRejectedWithAReasonNamingTheVariable() throws Exception {
        FreeSwitchJson parser = new FreeSwitchJson(null);
        assertEquals(RejectReason.MALFORMED_DOCUMENT, assertThrows(RejectedLine.class,
                () -> parser.parse("{\"variables\": {\"uuid\": ")).reason());
        RejectedLine noVariables = assertThrows(RejectedLine.class, () -> parser.parse("{\"callflow\": []}"));
        assertEquals(RejectReason.MALFORMED_DOCUMENT, noVariables.reason());
        assertEquals("the document has no variables object", noVariables.detail());
        assertEquals(RejectReason.MALFORMED_DOCUMENT, assertThrows(RejectedLine.class,
                () -> parser.parse("{\"variables\": \"uuid=1\"}")).reason());
        RejectedLine ninety = assertThrows(RejectedLine.class, () -> parser.parse(edited("billsec", "ninety")));
        assertEquals(RejectReason.BAD_NUMBER, ninety.reason());
        assertEquals("billsec is not a whole number: ninety", ninety.detail());
        assertEquals(RejectReason.UNKNOWN_DISPOSITION, assertThrows(RejectedLine.class,
                () -> parser.parse(edited("hangup_cause", "hung up")))
                .reason());
        assertEquals(RejectReason.BLANK_LINE, assertThrows(RejectedLine.class, () -> parser.parse(" ")).reason());
    }

    @Test
    void percentEscapesAreDecodedAsUtf8AndAPlusStaysAPlus() {
        assertEquals("+359 2 987 6543", FreeSwitchJson.percentDecoded("+359%202%20987%206543"));
        assertEquals("Иванов, Petar", FreeSwitchJson.percentDecoded("%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%2C%20Petar"));
        assertEquals("100%", FreeSwitchJson.percentDecoded("100%"));
    }
}
