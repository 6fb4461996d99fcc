package io.tollgrid.grid.shop;

import java.util.List;

/**
 * The day report of a session: its calls, minutes and cash. Computed from the session and its calls (while open,
 * the calls so far; once closed, those it kept).
 *
 * @param answeredSeconds the calls' answered seconds; minutes are shown from them (whole minutes and seconds)
 * @param expectedMicros  the float plus every call paid
 * @param differenceMicros counted less expected (negative: cash missing); 0 while open
 */
public record DayReport(DaySession session, List<SessionCall> calls, long answeredSeconds, long paidMicros,
                        long expectedMicros, long differenceMicros, List<SessionCall> unpaid,
                        List<SessionCall> unserved) {
    public static DayReport of(DaySession session, List<SessionCall> calls) {
        long seconds = 0;
        for (SessionCall call : calls) {
            seconds = Math.addExact(seconds, call.durationSeconds());
        }
        long expected = session.expectedMicros();
        return new DayReport(session, List.copyOf(calls), seconds, expected - session.floatMicros(), expected,
                session.isOpen() ? 0 : session.countedMicros() - expected,
                calls.stream().filter(call -> call.status() == CallStatus.UNPAID).toList(),
                calls.stream().filter(call -> call.status() == CallStatus.UNSERVED).toList());
    }
}
