package io.tollgrid.gateway.cdrs;

import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.RateDeck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A CDR's destination is named by the deck rate that priced it: its version if held, else the active deck. */
class DestinationNamesTest {
    private static final String PLANS = """
            plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds
            retail,,UTC,6,SPLIT,UP,CALL,14400
            """;
    private static final String HEADER = "plan,prefix,description,group,band,blocked,unit,price,connect_fee,"
            + "initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\n";
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    private static RateDeck deck(long version, String rates) {
        return DeckCsv.read(version, Map.of("plans.csv", PLANS, "rates.csv", HEADER + rates, "normalisation.csv",
                "source,strip_prefix,international_prefix,national_prefix,country_code\n*,,00,0,44\n"));
    }

    private static final RateDeck V1 = deck(1, """
            retail,44,United Kingdom,UK,*,false,MINUTE,0.10,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            retail,4477,United Kingdom - Mobile,UKM,*,false,MINUTE,0.20,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            """);
    private static final RateDeck V2 = deck(2, """
            retail,44,UK (all),UK,*,false,MINUTE,0.10,0,60,60,0,0,2025-01-01T00:00:00Z,,0
            """);

    private static RatedCdr cdr(String rateId) {
        return new RatedCdr("t", "a", "c1", "100", "447700900123", START, START, START.plusSeconds(60), 60, 60,
                "ANSWERED", rateId, Money.parse("0.20"), "EUR", "gateway", "");
    }

    @Test
    void theVersionThatPricedTheCallNamesItsPrefix() {
        DestinationNames names = new DestinationNames(version -> version == 1 ? V1 : null, () -> V2);
        assertEquals("United Kingdom - Mobile", names.of(cdr("retail/4477@v1")));
        assertEquals("United Kingdom", names.of(cdr("retail/44@v1")));
    }

    @Test
    void aVersionNoLongerHeldIsNamedByTheActiveDeckOnlyWhereItHasTheSamePrefix() {
        DestinationNames names = new DestinationNames(version -> null, () -> V2);
        assertEquals("UK (all)", names.of(cdr("retail/44@v1")));
        assertNull(names.of(cdr("retail/4477@v1")), "the active deck rates 4477 by 44: not the same destination");
    }

    @Test
    void flatUnratedAndMalformedRateIdsHaveNoName() {
        DestinationNames names = new DestinationNames(version -> V1, () -> V1);
        assertNull(names.of(cdr("flat")));
        assertNull(names.of(cdr("UNRATED")));
        assertNull(names.of(cdr("retail/44x@v1")));
        assertNull(names.of(cdr("other/44@v1")), "a plan the deck does not have");
        assertNull(names.of(cdr("retail/99@v1")), "a prefix the deck does not have");
        assertNull(new DestinationNames(version -> null, () -> null).of(cdr("retail/44@v1")), "no deck at hand");
    }
}
