package io.tollgrid.rating.bands;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's UTC offsets as flat arrays, so finding the offset at an instant and the next offset change
 * is a binary search with no allocation. Covers 1970 to 2200; outside that it asks the zone rules.
 */
public final class ZoneTimeline {
    private static final long FIRST = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();

    private final ZoneId zone;
    private final ZoneRules rules;
    private final long[] transitionAt;
    private final int[] offsetAfter;
    private final int offsetBeforeFirst;

    public ZoneTimeline(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(FIRST - 1));
        while (next != null && next.toEpochSecond() < LAST) {
            transitions.add(next);
            next = rules.nextTransition(next.getInstant());
        }
        transitionAt = new long[transitions.size()];
        offsetAfter = new int[transitions.size()];
        for (int i = 0; i < transitionAt.length; i++) {
            transitionAt[i] = transitions.get(i).toEpochSecond();
            offsetAfter[i] = transitions.get(i).getOffsetAfter().getTotalSeconds();
        }
        offsetBeforeFirst = rules.getOffset(Instant.ofEpochSecond(FIRST)).getTotalSeconds();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Seconds to add to UTC to get wall-clock time at this instant. */
    public int offsetSecondsAt(long epochSecond) {
        if (epochSecond < FIRST || epochSecond >= LAST) {
            return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        }
        int i = lastTransitionAtOrBefore(epochSecond);
        return i < 0 ? offsetBeforeFirst : offsetAfter[i];
    }

    /** The first offset change strictly after this instant, or Long.MAX_VALUE if none is known. */
    public long nextTransitionAfter(long epochSecond) {
        if (epochSecond < FIRST || epochSecond >= LAST) {
            ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
            return next == null ? Long.MAX_VALUE : next.toEpochSecond();
        }
        int i = lastTransitionAtOrBefore(epochSecond) + 1;
        return i < transitionAt.length ? transitionAt[i] : Long.MAX_VALUE;
    }

    private int lastTransitionAtOrBefore(long epochSecond) {
        int lo = 0;
        int hi = transitionAt.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (transitionAt[mid] <= epochSecond) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
