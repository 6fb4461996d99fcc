package io.tollgrid.rating.csv;

import io.tollgrid.rating.CallType;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.tollgrid.rating.deck.RateDeck;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeckCsvTest {
    static final String PLANS = """
            plan,parent,time_zone,currency_decimals,band_crossing,rounding,rounding_scope,max_grant_seconds\r
            reseller,retail,Europe/Sofia,2,SPLIT,UP,CALL,14400\r
            retail,,Europe/Sofia,2,SPLIT,UP,CALL,14400\r
            """;
    static final String BANDS = """
            plan,band,days,from,to\r
            retail,PEAK,MON;TUE;WED;THU;FRI,08:00,20:00\r
            """;
    static final String RATES = """
            plan,prefix,description,group,band,blocked,unit,price,connect_fee,initial_increment,next_increment,minimum_seconds,grace_seconds,effective_from,effective_to,priority\r
            reseller,44,"United Kingdom, all",UK,*,false,MINUTE,0.3,0,60,60,0,0,2025-01-01T00:00:00Z,,0\r
            retail,359,Bulgaria,BG,*,false,MINUTE,0.06,0.01,30,6,0,3,2025-01-01T00:00:00Z,,0\r
            retail,359,Bulgaria,BG,PEAK,false,MINUTE,0.1,0.01,30,6,0,3,2025-01-01T00:00:00Z,,0\r
            retail,3598,"Bulgaria ""mobile""\",BG-MOBILE,*,false,PULSE,0.05,0,20,20,60,0,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,0\r
            retail,359900,Premium,BG,*,true,,,,,,,,2025-01-01T00:00:00Z,,10\r
            """;
    static final String NORMALISATION = """
            source,strip_prefix,international_prefix,national_prefix,country_code\r
            *,,00,0,359\r
            pbx-1,9,00,0,359\r
            """;
    static final String CALL_TYPES = """
            prefix,call_type\r
            *,INTERNATIONAL\r
            359,NATIONAL\r
            3598,MOBILE\r
            """;
    static final String MARKUPS = """
            plan,group,percent,fixed\r
            reseller,*,10,0.005\r
            """;
    static final String VOLUME = """
            plan,call_type,basis,threshold,percent\r
            retail,MOBILE,MINUTES,1000,5\r
            retail,MOBILE,SPEND,250.5,7.5\r
            """;
    static final String PACKAGES = """
            package,call_type,group,percent\r
            family,,BG,10\r
            """;

    static Map<String, String> tables() {
        Map<String, String> tables = new HashMap<>();
        tables.put("plans.csv", PLANS);
        tables.put("bands.csv", BANDS);
        tables.put("rates.csv", RATES);
        tables.put("normalisation.csv", NORMALISATION);
        tables.put("call_types.csv", CALL_TYPES);
        tables.put("markups.csv", MARKUPS);
        tables.put("volume_discounts.csv", VOLUME);
        tables.put("discount_packages.csv", PACKAGES);
        return tables;
    }

    @Test
    void importThenExportGivesBackTheSameText() {
        Map<String, String> exported = DeckCsv.write(DeckCsv.read(7, tables()));
        assertEquals(tables(), new HashMap<>(exported));
    }

    @Test
    void importedDeckRatesCalls() {
        RateDeck deck = DeckCsv.read(7, tables());
        assertEquals(7, deck.version());
        Instant wednesdayNoon = Instant.parse("2025-01-15T10:00:00Z");
        var quote = deck.quote("reseller", "pbx-1", "90888123456", wednesdayNoon);
        assertEquals(CallType.MOBILE, quote.callType());
        assertEquals("3598", quote.rate().prefix());
        // inherited pulse 0.05 + 10% + 0.005 = 0.06 per 20 s pulse, 60 s minimum: 3 pulses
        assertEquals("0.180000", quote.cost(10).toPlainString());
        assertEquals(RatingVerdict.DESTINATION_BLOCKED, deck.quote("retail", "x", "0900123", wednesdayNoon).verdict());
        // peak 0.10/min, 30/6, connect 0.01: 40 s bills 42 s = 0.07 + 0.01
        assertEquals("0.080000", deck.quote("retail", "x", "02123", wednesdayNoon).cost(40).toPlainString());
        assertEquals("United Kingdom, all", deck.quote("reseller", "x", "0044207", wednesdayNoon).rate()
                .destination().description());
    }

    @Test
    void aBadRowRejectsTheWholeImportNamingLineAndColumn() {
        Map<String, String> tables = tables();
        tables.put("rates.csv", RATES.replace("retail,359,Bulgaria,BG,PEAK,false,MINUTE,0.1,",
                "retail,359,Bulgaria,BG,PEAK,false,MINUTE,0.1x,")
                .replace("3598,\"Bulgaria \"\"mobile\"\"\",BG-MOBILE,*,false,PULSE,0.05,0,20,20,60,0,2025",
                        "3598,\"Bulgaria \"\"mobile\"\"\",BG-MOBILE,*,false,PULSE,0.05,0,0,20,60,0,2025"));
        tables.put("bands.csv", BANDS + "retail,OFF,SAT-SUN,25:00,26:00\r\n");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, () -> DeckCsv.read(8, tables));
        assertEquals(List.of(
                "bands.csv line 3 column from: is not a time of day HH:MM between 00:00 and 24:00: 25:00",
                "bands.csv line 3 column to: is not a time of day HH:MM between 00:00 and 24:00: 26:00",
                "rates.csv line 4 column price: amount is not a decimal number: 0.1x",
                "rates.csv line 5 column initial_increment: must be 1..3600: 0"), e.errors());
    }

    @Test
    void semanticErrorsAlsoNameLineAndColumn() {
        Map<String, String> tables = tables();
        tables.put("rates.csv", RATES + "retail,44,UK,UK,NIGHT,false,MINUTE,0.1,0,60,60,0,0,2025-01-01T00:00:00Z,,0\r\n"
                + "nowhere,44,UK,UK,*,false,MINUTE,0.1,0,60,60,0,0,2025-01-01T00:00:00Z,,0\r\n");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, () -> DeckCsv.read(8, tables));
        assertEquals(List.of("rates.csv line 7 column band: band NIGHT is not defined for plan retail",
                "rates.csv line 8 column plan: unknown plan nowhere"), e.errors());
    }

    @Test
    void headerAndShapeErrorsAreReported() {
        Map<String, String> tables = tables();
        tables.put("plans.csv", PLANS.replace("time_zone", "zone"));
        tables.put("call_types.csv", CALL_TYPES + "44,MOBILE,extra\r\n");
        tables.remove("rates.csv");
        DeckRejectedException e = assertThrows(DeckRejectedException.class, () -> DeckCsv.read(8, tables));
        assertEquals(List.of("plans.csv line 1 column zone: unknown column; expected [plan, parent, time_zone, "
                        + "currency_decimals, band_crossing, rounding, rounding_scope, max_grant_seconds]",
                "plans.csv line 1 column time_zone: missing from the header",
                "rates.csv: missing",
                "call_types.csv line 5: has 3 fields, the header has 2"), e.errors());
    }

    @Test
    void csvFollowsRfc4180Quoting() {
        List<Csv.Record> records = Csv.parse("a,\"b,c\",\"d\"\"e\"\r\n\r\n\"multi\nline\",x\n");
        assertEquals(List.of("a", "b,c", "d\"e"), records.get(0).fields());
        assertEquals(3, records.get(1).line());
        assertEquals(List.of("multi\nline", "x"), records.get(1).fields());
        StringBuilder out = new StringBuilder();
        Csv.write(out, List.of("a", "b,c", "d\"e", " pad", ""));
        assertEquals("a,\"b,c\",\"d\"\"e\",\" pad\",\r\n", out.toString());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a\n\"b,c\n"));
        assertEquals("line 2: a quoted field is not closed", open.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.parse("a\"b\"\n"));
    }
}
