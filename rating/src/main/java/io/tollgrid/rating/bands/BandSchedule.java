package io.tollgrid.rating.bands;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan's week of bands, compiled: the seconds of the local week (Monday 00:00 = 0) at which the band
 * changes, and the band index from each change on. Band index 0 is the default band "*"; the named
 * bands are 1..n in the order of {@link #bandNames()}.
 */
public final class BandSchedule {
    static final int WEEK = 7 * 86_400;

    private final List<String> bandNames;
    private final int[] changeAt;
    private final int[] bandFrom;
    private final boolean[] reachable;

    /**
     * @throws IllegalArgumentException naming the band when two spans overlap
     */
    public BandSchedule(List<BandRow> rows) {
        List<String> names = new ArrayList<>();
        names.add(BandRow.DEFAULT_BAND);
        List<int[]> spans = new ArrayList<>();
        for (BandRow row : rows) {
            int band = names.indexOf(row.band());
            if (band < 0) {
                names.add(row.band());
                band = names.size() - 1;
            }
            for (DayOfWeek day : row.days()) {
                int dayStart = (day.getValue() - 1) * 86_400;
                spans.add(new int[] {dayStart + row.fromSecond(), dayStart + row.toSecond(), band});
            }
        }
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i)[0] < spans.get(i - 1)[1]) {
                throw new IllegalArgumentException("bands " + names.get(spans.get(i - 1)[2]) + " and "
                        + names.get(spans.get(i)[2]) + " overlap");
            }
        }
        List<int[]> changes = new ArrayList<>();
        int cursor = 0;
        for (int[] span : spans) {
            if (span[0] > cursor) {
                changes.add(new int[] {cursor, 0});
            }
            changes.add(new int[] {span[0], span[2]});
            cursor = span[1];
        }
        if (cursor < WEEK) {
            changes.add(new int[] {cursor, 0});
        }
        // Merge neighbours of the same band so a change always changes something.
        List<int[]> merged = new ArrayList<>();
        for (int[] change : changes) {
            if (merged.isEmpty() || merged.get(merged.size() - 1)[1] != change[1]) {
                merged.add(change);
            }
        }
        if (merged.size() > 1 && merged.get(0)[0] == 0 && merged.get(merged.size() - 1)[1] == merged.get(0)[1]) {
            merged.remove(0); // Sunday night runs on into Monday morning in the same band
        }
        this.bandNames = List.copyOf(names);
        this.changeAt = new int[merged.size()];
        this.bandFrom = new int[merged.size()];
        this.reachable = new boolean[names.size()];
        for (int i = 0; i < merged.size(); i++) {
            changeAt[i] = merged.get(i)[0];
            bandFrom[i] = merged.get(i)[1];
            reachable[bandFrom[i]] = true;
        }
    }

    public List<String> bandNames() {
        return bandNames;
    }

    public int bandIndex(String name) {
        return bandNames.indexOf(name);
    }

    /** Whether some time of the week falls in this band (the default band only if spans leave gaps). */
    public boolean isReachable(int band) {
        return reachable[band];
    }

    /** True when the band never changes, so a rate needs no clock at all. */
    public boolean isUniform() {
        return changeAt.length <= 1;
    }

    public int bandAtSecondOfWeek(int secondOfWeek) {
        int i = lastChangeAtOrBefore(secondOfWeek);
        return bandFrom[i < 0 ? changeAt.length - 1 : i];
    }

    /** Seconds from this second of the week until the band next changes (wrapping over the week end). */
    public int secondsUntilChange(int secondOfWeek) {
        int i = lastChangeAtOrBefore(secondOfWeek) + 1;
        return i < changeAt.length ? changeAt[i] - secondOfWeek : WEEK - secondOfWeek + changeAt[0];
    }

    private int lastChangeAtOrBefore(int secondOfWeek) {
        int lo = 0;
        int hi = changeAt.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (changeAt[mid] <= secondOfWeek) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
