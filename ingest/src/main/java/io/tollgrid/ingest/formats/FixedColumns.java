package io.tollgrid.ingest.formats;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Where a format with a fixed column order and local wall-clock times (Asterisk, FreeSWITCH) keeps each
 * field, and the one way such a line is read; the formats differ only in their layout and dispositions.
 */
record FixedColumns(String format, int minColumns, int maxColumns, Column account, Column caller, Column callee,
                    Column start, Column answer, Column end, Column duration, Column billsec, Column disposition,
                    Column callId) {
    /** A 0-based column and the name the format's documentation gives it (used in reject details). */
    record Column(int index, String name) {
    }

    interface Dispositions {
        Disposition of(String value, long billsec) throws RejectedLine;
    }

    /** One format's layout read in one switch's zone. */
    record Parser(String format, FixedColumns layout, ZoneId zone, Dispositions dispositions) implements LineParser {
        @Override
        public SwitchCdr parse(String line) throws RejectedLine {
            return layout.parse(line, zone, dispositions);
        }
    }

    SwitchCdr parse(String line, ZoneId zone, Dispositions dispositions) throws RejectedLine {
        Columns columns = Columns.split(line);
        columns.requireCount(minColumns, maxColumns, format);
        String dialled = columns.required(callee.index(), callee.name());
        LocalDateTime started = columns.localTime(start.index(), start.name());
        LocalDateTime answered = columns.localTime(answer.index(), answer.name());
        LocalDateTime ended = columns.localTime(end.index(), end.name());
        long seconds = columns.seconds(duration.index(), duration.name());
        long billed = columns.seconds(billsec.index(), billsec.name());
        Disposition ending = dispositions.of(columns.required(disposition.index(), disposition.name()), billed);
        CallTimes times = CallTimes.resolve(started, answered, ended, seconds, billed, zone);
        return SwitchCdr.checked(columns.text(callId.index()), columns.text(account.index()), columns.text(caller.index()),
                dialled, times.start(), times.answer(), times.end(), seconds, billed, ending);
    }
}
