package io.tollgrid.rating.bands;

/**
 * The band in force at an instant for one plan, and the next instant it may change: the wall clock of
 * the plan's zone applied to its weekly schedule. A daylight-saving change is also a possible change,
 * because the wall clock jumps there. Allocates nothing.
 */
public final class BandClock {
    /** 1970-01-01 was a Thursday: three days after the Monday our week starts on. */
    private static final long EPOCH_SECOND_OF_WEEK = 3L * 86_400;

    private final BandSchedule schedule;
    private final ZoneTimeline timeline;
    private final BandCrossing crossing;

    public BandClock(BandSchedule schedule, ZoneTimeline timeline, BandCrossing crossing) {
        this.schedule = schedule;
        this.timeline = timeline;
        this.crossing = crossing;
    }

    public BandSchedule schedule() {
        return schedule;
    }

    public ZoneTimeline timeline() {
        return timeline;
    }

    public BandCrossing crossing() {
        return crossing;
    }

    /** True when every increment of a call is priced by one band, so callers can skip the clock. */
    public boolean pricesWholeCallByStart() {
        return crossing == BandCrossing.START || schedule.isUniform();
    }

    public int bandAt(long epochSecond) {
        if (schedule.isUniform()) {
            return schedule.bandAtSecondOfWeek(0);
        }
        return schedule.bandAtSecondOfWeek(secondOfWeek(epochSecond));
    }

    /** The first instant after epochSecond at which the band may differ; Long.MAX_VALUE if never. */
    public long nextChangeAfter(long epochSecond) {
        if (schedule.isUniform()) {
            return Long.MAX_VALUE;
        }
        long byWallClock = epochSecond + schedule.secondsUntilChange(secondOfWeek(epochSecond));
        return Math.min(byWallClock, timeline.nextTransitionAfter(epochSecond));
    }

    private int secondOfWeek(long epochSecond) {
        long local = epochSecond + timeline.offsetSecondsAt(epochSecond);
        return (int) Math.floorMod(local + EPOCH_SECOND_OF_WEEK, (long) BandSchedule.WEEK);
    }
}
