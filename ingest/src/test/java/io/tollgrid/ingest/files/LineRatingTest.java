package io.tollgrid.ingest.files;

import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.formats.AsteriskCsv;
import io.tollgrid.ingest.formats.FreeSwitchCsv;
import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.formats.RejectedLine;
import io.tollgrid.money.Money;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rating rules that need no rate deck: feature codes and FreeSWITCH B legs are never priced, so the
 * prices here have no grid behind them (a line that reached it would fail the test with an exception).
 */
class LineRatingTest {
    private static final PlanPrices NO_GRID = new PlanPrices(null);
    private static final LineRating RATING = new LineRating(java.util.Map.of(), NO_GRID);
    private static final LineParser SOFIA = AsteriskCsv.parser(ZoneId.of("Europe/Sofia"));

    private static FileSource source(LineParser parser, boolean freeFeatureCodes) {
        return new FileSource("pbx", parser, "t1", AccountRule.fromRecord(null), "plan-1", "EUR", "pbx", null,
                Path.of("unused"), freeFeatureCodes);
    }

    private static String featureCodeLine(String disposition, String answer, long billsec) {
        return "\"acc-1001\",\"1001\",\"*1003\",\"from-internal\",\"\",\"PJSIP/1001-00000031\",\"PJSIP/1003-00000032\","
                + "\"Dial\",\"\",\"2026-01-15 10:00:00\"," + answer + ",\"2026-01-15 10:00:40\",40," + billsec
                + ",\"" + disposition + "\",\"DOCUMENTATION\",\"1768464000.31\",\"\",\"\",\"1768464000.31\",12";
    }

    @Test
    void anUnansweredFeatureCodeIsKeptAsDialledAtCostZero() throws RejectedLine {
        RatedCdr cdr = RATING.rate(source(SOFIA, false), SOFIA, featureCodeLine("NO ANSWER", "", 0));
        assertEquals("*1003", cdr.callee());
        assertEquals(Money.ZERO, cdr.cost());
        assertEquals(0, cdr.billedSeconds());
        assertEquals(RatedCdr.UNRATED, cdr.rateId());
        assertEquals("1768464000.31;leg=12", cdr.callId());
        assertEquals("12", cdr.leg());
    }

    @Test
    void anAnsweredFeatureCodeIsUnratedUnlessTheSourceKeepsThemFree() throws RejectedLine {
        String answered = featureCodeLine("ANSWERED", "\"2026-01-15 10:00:10\"", 30);
        RejectedLine rejected = assertThrows(RejectedLine.class, () -> RATING.rate(source(SOFIA, false), SOFIA, answered));
        assertEquals(RejectReason.UNRATED, rejected.reason());
        assertTrue(rejected.detail().contains("*1003 is a feature code"), rejected.detail());

        RatedCdr free = RATING.rate(source(SOFIA, true), SOFIA, answered);
        assertEquals(Money.ZERO, free.cost());
        assertEquals(30, free.billedSeconds());
        assertEquals(RatedCdr.FEATURE_CODE, free.rateId());
        assertEquals("PJSIP/1003-00000032", free.answeredParty());
    }

    @Test
    void aFreeSwitchBLegIsKeptUnderItsALegsCallIdAndNeverPriced() throws RejectedLine {
        LineParser ab = FreeSwitchCsv.parser(ZoneId.of("Europe/London"), null, true);
        // The B leg rang a feature code: neither that nor the missing rate matters, it is not billed on its own.
        String bLeg = "\"Petar\",\"1001\",\"*1003\",\"default\",\"2026-07-01 10:00:00\",\"2026-07-01 10:00:04\","
                + "\"2026-07-01 10:00:34\",\"34\",\"30\",\"NORMAL_CLEARING\",\"b-2\",\"a-2\",\"acc-7\",\"PCMA\",\"PCMA\"";
        RatedCdr cdr = RATING.rate(source(ab, false), ab, bLeg);
        assertEquals("a-2;leg=b-2", cdr.callId());
        assertEquals("b-2", cdr.leg());
        assertEquals(Money.ZERO, cdr.cost());
        assertEquals(0, cdr.billedSeconds());
        assertEquals(RatedCdr.B_LEG, cdr.rateId());
        assertEquals("*1003", cdr.answeredParty());
        assertEquals("acc-7", cdr.accountId());
    }

    @Test
    void aShortCallerIsTheExtensionThatMadeTheCall() throws RejectedLine {
        RatedCdr cdr = RATING.rate(source(SOFIA, false), SOFIA, featureCodeLine("NO ANSWER", "", 0));
        assertEquals("1001", cdr.extension());
        assertEquals(RatedCdr.Direction.OUTBOUND, cdr.direction());
        assertEquals(null, cdr.callType(), "a feature code is priced by no deck, so it has no call type");
    }

    @Test
    void anExtensionsDepartmentComesFromTheGridOncePerExtensionNotPerLine() throws RejectedLine {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        ExtensionDepartments departments = new ExtensionDepartments((account, extension) -> {
            asked.incrementAndGet();
            return "acc-1001".equals(account) && "1001".equals(extension) ? java.util.Optional.of("Sales")
                    : java.util.Optional.empty();
        });
        LineRating rating = new LineRating(java.util.Map.of(), NO_GRID, departments);

        RatedCdr first = rating.rate(source(SOFIA, false), SOFIA, featureCodeLine("NO ANSWER", "", 0));
        RatedCdr second = rating.rate(source(SOFIA, false), SOFIA, featureCodeLine("BUSY", "", 0));

        assertEquals("Sales", first.department());
        assertEquals("Sales", second.department());
        assertEquals(1, asked.get(), "the second line of the extension is answered from the cache");
        assertEquals(null, departments.of("acc-1001", "1002"), "an extension the grid does not know has none");
        assertEquals(null, departments.of("acc-1001", null));
    }

    @Test
    void theTrunkIsTheOneAnExtensionsCallWentOutOnTheOneAnOutsideCallCameInOnAndNoneForAnInternalCall() throws RejectedLine {
        // Extension 1001 dials *1003 and the PBX rings the phone of 1003: an internal call, on no trunk.
        assertEquals(null, RATING.rate(source(SOFIA, false), SOFIA, featureCodeLine("NO ANSWER", "", 0)).trunk());
        String outbound = featureCodeLine("NO ANSWER", "", 0).replace("PJSIP/1003-00000032", "PJSIP/telco-out-00000032");
        assertEquals("telco-out", RATING.rate(source(SOFIA, false), SOFIA, outbound).trunk());
        // A caller from outside whose call is not for an extension (a transit) is on the trunk it came in on.
        String transit = featureCodeLine("NO ANSWER", "", 0).replace("\"1001\",\"*1003\"", "\"359888123456\",\"*1003\"")
                .replace("PJSIP/1001-00000031", "PJSIP/telco-in-00000031");
        RatedCdr in = RATING.rate(source(SOFIA, false), SOFIA, transit);
        assertEquals(null, in.direction());
        assertEquals("telco-in", in.trunk());
    }

    @Test
    void anInboundCallsTrunkIsTheOneItCameInOn() {
        RatedCdr call = new RatedCdr("t1", "acc-1", "c1", "359888123456", "1002", java.time.Instant.EPOCH, null,
                java.time.Instant.EPOCH, 0, 0, "NO_ANSWER", "unrated", Money.ZERO, "EUR", "pbx", "raw");
        RatedCdr inbound = Extensions.classify(call, "1002", Extensions.DEFAULT_DIGITS);
        assertEquals("telco-in", Extensions.trunk(inbound, "telco-in", "1002", Extensions.DEFAULT_DIGITS));
        assertEquals(null, Extensions.trunk(inbound, "2001", "telco-out", Extensions.DEFAULT_DIGITS),
                "a peer named like an extension is a phone, not a trunk");
    }

    @Test
    void anExtensionIsTheShortCallerElseTheShortCalleeElseNone() {
        RatedCdr call = new RatedCdr("t1", "acc-1", "c1", "359888123456", "1002", java.time.Instant.EPOCH, null,
                java.time.Instant.EPOCH, 0, 0, "NO_ANSWER", "unrated", Money.ZERO, "EUR", "pbx", "raw");
        RatedCdr inbound = Extensions.classify(call, "1002", Extensions.DEFAULT_DIGITS);
        assertEquals("1002", inbound.extension());
        assertEquals(RatedCdr.Direction.INBOUND, inbound.direction());

        RatedCdr transit = Extensions.classify(call, "00442071234567", Extensions.DEFAULT_DIGITS);
        assertEquals(null, transit.extension(), "neither number is short: a trunk's transit call");
        assertEquals(null, transit.direction());
        assertEquals(null, Extensions.classify(call, "1002", 0).extension(), "a source without extensions");

        assertTrue(Extensions.isExtension("123456", 6));
        assertFalse(Extensions.isExtension("1234567", 6), "seven digits is a subscriber number by default");
        assertTrue(Extensions.isExtension("1234567", 7));
        assertFalse(Extensions.isExtension("+1001", 6), "an extension is digits only");
        assertFalse(Extensions.isExtension("*1003", 6));
        assertFalse(Extensions.isExtension("", 6));
    }

    @Test
    void featureCodesAreDigitsWithStarOrHashOnly() {
        assertTrue(LineRating.isFeatureCode("*1003"));
        assertTrue(LineRating.isFeatureCode("*72#"));
        assertTrue(LineRating.isFeatureCode("#31#0035929876543"));
        assertEquals(false, LineRating.isFeatureCode("0035929876543"));
        assertEquals(false, LineRating.isFeatureCode("*abc"));
        assertEquals(false, LineRating.isFeatureCode("+442071234567"));
    }
}
