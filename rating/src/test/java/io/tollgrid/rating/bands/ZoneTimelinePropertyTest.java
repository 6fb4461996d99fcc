package io.tollgrid.rating.bands;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The flattened timeline answers exactly what java.time's zone rules answer. */
class ZoneTimelinePropertyTest {
    private static final String[] ZONES = {"Europe/Sofia", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
            "America/Sao_Paulo", "Pacific/Apia", "UTC"};
    private static final Map<String, ZoneTimeline> TIMELINES = new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.longs().between(Instant.parse("1969-06-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2201-01-01T00:00:00Z").getEpochSecond());
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    @Property(tries = 5_000)
    void offsetAndNextTransitionMatchTheZoneRules(@ForAll("zones") String zone, @ForAll("instants") long epochSecond) {
        ZoneRules rules = ZoneId.of(zone).getRules();
        ZoneTimeline timeline = TIMELINES.computeIfAbsent(zone, id -> new ZoneTimeline(ZoneId.of(id)));
        assertEquals(rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds(), timeline.offsetSecondsAt(epochSecond));
        ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
        assertEquals(next == null ? Long.MAX_VALUE : next.toEpochSecond(), timeline.nextTransitionAfter(epochSecond));
    }

    @Test
    void everyTransitionInstantAndTheSecondBeforeItAreOnTheRightSide() {
        for (String zone : ZONES) {
            ZoneRules rules = ZoneId.of(zone).getRules();
            ZoneTimeline timeline = new ZoneTimeline(ZoneId.of(zone));
            ZoneOffsetTransition t = rules.nextTransition(Instant.parse("1970-01-01T00:00:00Z"));
            while (t != null && t.getInstant().isBefore(Instant.parse("2199-12-31T00:00:00Z"))) {
                long at = t.toEpochSecond();
                assertEquals(t.getOffsetBefore().getTotalSeconds(), timeline.offsetSecondsAt(at - 1), zone + " before " + t);
                assertEquals(t.getOffsetAfter().getTotalSeconds(), timeline.offsetSecondsAt(at), zone + " at " + t);
                assertEquals(at, timeline.nextTransitionAfter(at - 1), zone + " next before " + t);
                t = rules.nextTransition(t.getInstant());
            }
        }
    }
}
