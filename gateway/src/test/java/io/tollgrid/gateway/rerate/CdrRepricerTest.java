package io.tollgrid.gateway.rerate;

import io.tollgrid.gateway.rerate.CdrRepricer.Skip;
import io.tollgrid.gateway.rerate.CdrRepricer.Verdict;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.RateDeck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A stored CDR priced again by the plan its rate id names, as authorise or the file import priced it, worked by hand. */
class CdrRepricerTest {
    private static final String PLANS = """
            plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds
            retail,,UTC,6,SPLIT,UP,CALL,14400
            """;
    private static final String HEADER = "plan,prefix,description,group,band,blocked,unit,price,connect_fee,"
            + "initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n";
    /** Version 7: UK 0.12 a minute by 60/60 with a 0.05 connect fee, UK mobiles 0.30 by 30/6, from 2026. */
    private static final RateDeck DECK = DeckCsv.read(7, Map.of("plans.csv", PLANS, "rates.csv", HEADER + """
            retail,44,United Kingdom,UK,*,false,MINUTE,0.12,0.05,60,60,0,0,2026-01-01T00:00:00Z,,0
            retail,4477,United Kingdom - Mobile,UKM,*,false,MINUTE,0.30,0,30,6,0,0,2026-01-01T00:00:00Z,,0
            """, "normalisation.csv", "source,strip_prefix,international_prefix,national_prefix,country_code\n*,,00,0,44\n"));
    private static final CdrRepricer REPRICER = new CdrRepricer(DECK, id -> id.equals("flat")
            ? new RatePlan("flat", new FlatRate(Money.parse("0.90"), Money.ZERO, 60, 60)) : null);
    private static final Instant START = Instant.parse("2026-11-10T09:00:00Z");

    private static RatedCdr cdr(String callee, String rateId, long seconds, String source, String disposition) {
        return new RatedCdr("t", "a", "c1", "1001", callee, START, START, START.plusSeconds(seconds), seconds, seconds,
                disposition, rateId, Money.parse("0.01"), "EUR", source, "raw", null, null, false, "carrier-x",
                Money.parse("0.02"), Money.parse("-0.01"));
    }

    @Test
    void aSwitchApiCallIsNormalisedByTheDeckAsAuthoriseDidAndPricedByItsPlanNow() {
        // Dialled nationally (07...), which the deck's rule makes 447...: the mobile rate, 95 s billed 30 + 11 x 6 = 96 s.
        Verdict verdict = REPRICER.reprice(cdr("07700900123", "retail/44@v3", 95, RatedCdr.SWITCH_API_SOURCE, "ANSWERED"));
        assertNull(verdict.skipped());
        assertEquals("retail/4477@v7", verdict.repriced().rateId());
        assertEquals(96, verdict.repriced().billedSeconds());
        assertEquals(Money.parse("0.48"), verdict.repriced().cost());          // 0.30 x 96 / 60
        assertEquals(Money.parse("0.46"), verdict.repriced().margin());        // over the carrier's 0.02, kept
        assertEquals(Money.parse("0.02"), verdict.repriced().buyCost());
    }

    @Test
    void aFilesCdrHoldsNormalisedDigits() {
        Verdict verdict = REPRICER.reprice(cdr("442071234567", "retail/44@v3", 61, "asterisk-csv", "ANSWERED"));
        assertEquals("retail/44@v7", verdict.repriced().rateId());
        assertEquals(120, verdict.repriced().billedSeconds());
        assertEquals(Money.parse("0.29"), verdict.repriced().cost());          // 0.05 + 0.12 x 2
    }

    @Test
    void aFlatPlansCallIsPricedByTheGridsFlatPlan() {
        Verdict verdict = REPRICER.reprice(cdr("12125550100", "flat", 61, RatedCdr.SWITCH_API_SOURCE, "ANSWERED"));
        assertEquals("flat", verdict.repriced().rateId());
        assertEquals(Money.parse("1.80"), verdict.repriced().cost());
    }

    @Test
    void whatIsNotPricedAgainSaysWhy() {
        assertEquals(Skip.UNANSWERED, REPRICER.reprice(cdr("442071234567", "retail/44@v3", 0, "x", "ANSWERED")).skipped());
        assertEquals(Skip.UNANSWERED, REPRICER.reprice(cdr("442071234567", "retail/44@v3", 30, "x", "BUSY")).skipped());
        assertEquals(Skip.NOT_PRICED, REPRICER.reprice(cdr("*72", RatedCdr.FEATURE_CODE, 30, "x", "ANSWERED")).skipped());
        assertEquals(Skip.NOT_PRICED, REPRICER.reprice(cdr("1002", RatedCdr.B_LEG, 30, "x", "ANSWERED")).skipped());
        assertEquals(Skip.UNKNOWN_PLAN, REPRICER.reprice(cdr("442071234567", "wholesale/44@v3", 30, "x", "ANSWERED"))
                .skipped());
        assertEquals(Skip.UNKNOWN_PLAN, REPRICER.reprice(cdr("442071234567", "gone", 30, "x", "ANSWERED")).skipped());
        assertEquals(Skip.UNRATED, REPRICER.reprice(cdr("33123456789", "retail/44@v3", 30, "x", "ANSWERED")).skipped());
        // A file row whose duration counts the ringing: 70 s from setup, answered 10 s in.
        RatedCdr ringing = new RatedCdr("t", "a", "c1", "1001", "442071234567", START, START.plusSeconds(10),
                START.plusSeconds(70), 70, 60, "ANSWERED", "retail/44@v3", Money.parse("0.17"), "EUR", "asterisk-csv",
                "raw", null, null, false, null, null, null);
        assertEquals(Skip.SECONDS_UNKNOWN, REPRICER.reprice(ringing).skipped());
        // The same row from the switch API rates its reported seconds, whatever its times say.
        RatedCdr fromSwitch = new RatedCdr("t", "a", "c1", "1001", "442071234567", START, START.plusSeconds(10),
                START.plusSeconds(70), 70, 120, "ANSWERED", "retail/44@v3", Money.parse("0.29"), "EUR",
                RatedCdr.SWITCH_API_SOURCE, "raw", null, null, false, null, null, null);
        assertEquals(Money.parse("0.29"), REPRICER.reprice(fromSwitch).repriced().cost());
    }
}
