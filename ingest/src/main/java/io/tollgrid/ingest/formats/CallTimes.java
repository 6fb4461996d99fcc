package io.tollgrid.ingest.formats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A call's start, answer and end as UTC instants, read from local wall-clock times in the switch's zone.
 *
 * <p>Why not just {@code atZone}: in the hour a DST change repeats, a local time names two instants, and a
 * call that spans the change has a span in wall-clock time an hour off its real duration. The switch's own
 * durations settle it: of the possible instants, the ones whose gaps come closest to the reported duration
 * and billsec are taken (ties to the earlier, as {@code atZone} does). A local time that does not exist
 * (skipped by a change) is refused.
 */
public record CallTimes(Instant start, Instant answer, Instant end) {
    public static CallTimes resolve(LocalDateTime start, LocalDateTime answer, LocalDateTime end, long durationSeconds,
                                    long billSeconds, ZoneId zone) throws RejectedLine {
        List<Instant> starts = instants(start, zone, "start");
        List<Instant> ends = instants(end, zone, "end");
        Instant bestStart = starts.get(0);
        Instant bestEnd = ends.get(0);
        long bestError = Long.MAX_VALUE;
        for (Instant s : starts) {
            for (Instant e : ends) {
                long error = Math.abs(Duration.between(s, e).getSeconds() - durationSeconds);
                if (error < bestError) {
                    bestError = error;
                    bestStart = s;
                    bestEnd = e;
                }
            }
        }
        Instant bestAnswer = null;
        if (answer != null) {
            long answerError = Long.MAX_VALUE;
            for (Instant a : instants(answer, zone, "answer")) {
                long error = Math.abs(Duration.between(a, bestEnd).getSeconds() - billSeconds);
                if (error < answerError) {
                    answerError = error;
                    bestAnswer = a;
                }
            }
        }
        return new CallTimes(bestStart, bestAnswer, bestEnd);
    }

    private static List<Instant> instants(LocalDateTime local, ZoneId zone, String name) throws RejectedLine {
        if (local == null) {
            throw new RejectedLine(RejectReason.MISSING_FIELD, name + " is empty");
        }
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            throw new RejectedLine(RejectReason.BAD_TIME, name + " " + local + " does not exist in " + zone
                    + " (skipped by a daylight-saving change)");
        }
        return offsets.stream().map(local::toInstant).sorted().toList();
    }
}
