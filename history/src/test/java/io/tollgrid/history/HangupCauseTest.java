package io.tollgrid.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HangupCauseTest {
    @Test
    void sipFinalResponsesMapByRfc3398() {
        assertEquals(16, HangupCause.ofSip(200), "answered, then cleared normally");
        assertEquals(17, HangupCause.ofSip(486));
        assertEquals(17, HangupCause.ofSip(600));
        assertEquals(18, HangupCause.ofSip(480));
        assertEquals(1, HangupCause.ofSip(404));
        assertEquals(102, HangupCause.ofSip(408));
        assertEquals(41, HangupCause.ofSip(503));
        assertEquals(38, HangupCause.ofSip(502));
        assertEquals(21, HangupCause.ofSip(603));
        assertEquals(16, HangupCause.ofSip(487), "a cancel by the caller");
        assertEquals(HangupCause.INTERWORKING, HangupCause.ofSip(499), "a final response the table does not name");
        assertEquals(HangupCause.UNKNOWN, HangupCause.ofSip(0));
        assertEquals(HangupCause.UNKNOWN, HangupCause.ofSip(183), "a provisional response ends no call");
        assertEquals(HangupCause.UNKNOWN, HangupCause.ofSip(700));
    }

    @Test
    void freeswitchCauseNamesAreTheirQ850Values() {
        assertEquals(16, HangupCause.ofName("NORMAL_CLEARING"));
        assertEquals(17, HangupCause.ofName("USER_BUSY"));
        assertEquals(34, HangupCause.ofName("NORMAL_CIRCUIT_CONGESTION"));
        assertEquals(16, HangupCause.ofName("ORIGINATOR_CANCEL"));
        assertEquals(HangupCause.UNKNOWN, HangupCause.ofName("LOSE_RACE"), "a FreeSWITCH cause with no Q.850 value");
        assertEquals(HangupCause.UNKNOWN, HangupCause.ofName(null));
    }

    @Test
    void theDispositionFollowsTheCause() {
        assertEquals("ANSWERED", HangupCause.dispositionOfSip(200));
        assertEquals("BUSY", HangupCause.dispositionOfSip(486));
        assertEquals("NO_ANSWER", HangupCause.dispositionOfSip(487));
        assertEquals("CONGESTION", HangupCause.dispositionOfSip(503));
        assertEquals("FAILED", HangupCause.dispositionOfSip(404));
        assertEquals("BUSY", HangupCause.dispositionOfUnanswered(17));
        assertEquals("NO_ANSWER", HangupCause.dispositionOfUnanswered(19));
        assertEquals("CONGESTION", HangupCause.dispositionOfUnanswered(42));
        assertEquals("FAILED", HangupCause.dispositionOfUnanswered(1));
        assertNull(HangupCause.dispositionOfUnanswered(HangupCause.UNKNOWN), "no cause decides nothing");
    }

    @Test
    void aCdrCarriesACauseOfQ850OrNone() {
        assertTrue(HangupCause.isValid(0));
        assertTrue(HangupCause.isValid(127));
        assertFalse(HangupCause.isValid(128));
        assertFalse(HangupCause.isValid(-1));
    }
}
