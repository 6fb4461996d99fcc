package io.tollgrid.grid.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerHintsTest {
    @Test
    void theMostSpecificIdentityComesFirstAndPrefixesRunFromLongestToShortest() {
        CallerHints hints = new CallerHints("1234", "ac-9", "alice", "201", "10.0.0.5", "+3592");

        assertEquals(List.of("pin:1234", "account_code:ac-9", "sip_user:alice", "extension:201", "source_ip:10.0.0.5",
                "prefix:3592", "prefix:359", "prefix:35", "prefix:3"), hints.candidateKeys());
    }

    @Test
    void aCallerThatIsNotANumberNamesNoPrefixAndBlankHintsAreIgnored() {
        CallerHints hints = new CallerHints(" ", null, null, null, null, "anonymous");

        assertTrue(hints.candidateKeys().isEmpty(), hints.candidateKeys().toString());
    }

    @Test
    void prefixesStopAtFifteenDigits() {
        CallerHints hints = new CallerHints(null, null, null, null, null, "12345678901234567890");

        assertEquals(CallerHints.MAX_PREFIX_DIGITS, hints.candidateKeys().size());
        assertEquals("prefix:123456789012345", hints.candidateKeys().get(0));
    }
}
