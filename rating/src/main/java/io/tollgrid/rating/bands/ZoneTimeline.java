package io.tollgrid.rating.bands;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's UTC offsets as flat arrays, so finding the offset at an instant and the next offset change
 * allocates nothing and costs a table read plus a step or two: the timeline is cut into buckets of
 * 2^{@value #BUCKET_SHIFT} seconds (about 24 days), each knowing the last transition before it starts.
 * A binary search over the few hundred transitions was a quarter of the time of rating a call.
 * Covers 1970 to 2200; outside that it asks the zone rules.
 */
public final class ZoneTimeline {
    private static final long FIRST = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();

    private final ZoneId zone;
    private final ZoneRules rules;
    private final long[] transitionAt;
    private final int[] offsetAfter;
    private final int offsetBeforeFirst;
    private static final int BUCKET_SHIFT = 21;
    /** lastBeforeBucket[b]: the last transition at or before the start of bucket b, or -1. */
    private final int[] lastBeforeBucket;

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
        lastBeforeBucket = new int[(int) ((LAST - FIRST) >>> BUCKET_SHIFT) + 1];
        for (int b = 0; b < lastBeforeBucket.length; b++) {
            lastBeforeBucket[b] = searchLastAtOrBefore(FIRST + ((long) b << BUCKET_SHIFT));
        }
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
            return nextByRules(epochSecond);
        }
        int i = lastTransitionAtOrBefore(epochSecond) + 1;
        return i < transitionAt.length ? transitionAt[i] : nextByRules(epochSecond);
    }

    /** Past the last transition the table holds, the next one may lie beyond 2200: the rules know. */
    private long nextByRules(long epochSecond) {
        ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
        return next == null ? Long.MAX_VALUE : next.toEpochSecond();
    }

    /** For an instant in [FIRST, LAST). */
    private int lastTransitionAtOrBefore(long epochSecond) {
        int i = lastBeforeBucket[(int) ((epochSecond - FIRST) >>> BUCKET_SHIFT)];
        while (i + 1 < transitionAt.length && transitionAt[i + 1] <= epochSecond) {
            i++;
        }
        return i;
    }

    private int searchLastAtOrBefore(long epochSecond) {
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
