package io.tollgrid.history;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A place in one account's CDRs, in their order (start time, then call id): a page resumes with the rows after
 * it. {@link #before(Instant)} is the place just before every CDR that started at or after an instant, since no
 * call id is empty.
 */
public record CdrPosition(Instant startTime, String callId) implements Comparable<CdrPosition> {
    private static final Comparator<CdrPosition> ORDER = Comparator.comparing(CdrPosition::startTime)
            .thenComparing(CdrPosition::callId);

    public CdrPosition {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(callId, "callId");
    }

    public static CdrPosition of(RatedCdr cdr) {
        return new CdrPosition(cdr.startTime(), cdr.callId());
    }

    public static CdrPosition before(Instant instant) {
        return new CdrPosition(instant, "");
    }

    @Override
    public int compareTo(CdrPosition other) {
        return ORDER.compare(this, other);
    }
}
