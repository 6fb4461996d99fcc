package io.tollgrid.ingest.formats;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Any CSV whose columns are named by a {@link ColumnMapping}. Times are epoch seconds, ISO-8601 with an
 * offset, or local times in a given pattern read in the source's zone. Without a duration column the
 * duration is the span from start to end (or billsec); without an end, it is start plus duration; without a
 * disposition, a call with billed seconds is ANSWERED and any other NO_ANSWER.
 */
public final class GenericCsv implements LineParser {
    public static final String FORMAT = "generic-csv";
    /** {@code time.format} values that are not patterns. */
    public static final String EPOCH = "epoch";
    public static final String ISO = "iso";

    private final ColumnMapping mapping;
    private final String timeFormat;
    private final DateTimeFormatter pattern;
    private final ZoneId zone;
    private final int headerLines;

    public GenericCsv(ColumnMapping mapping, String timeFormat, ZoneId zone, int headerLines) {
        this.mapping = mapping;
        this.timeFormat = timeFormat;
        this.pattern = timeFormat.equals(EPOCH) || timeFormat.equals(ISO) ? null : DateTimeFormatter.ofPattern(timeFormat);
        this.zone = pattern == null ? zone : Columns.requireZone(zone);
        if (headerLines < 0) {
            throw new IllegalArgumentException("header lines must not be negative");
        }
        this.headerLines = headerLines;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int headerLines() {
        return headerLines;
    }

    @Override
    public SwitchCdr parse(String line) throws RejectedLine {
        Columns columns = Columns.split(line);
        columns.requireCount(mapping.width(), Integer.MAX_VALUE, "the mapped CSV");
        String caller = columns.text(mapping.index(ColumnMapping.Field.CALLER));
        String callee = columns.required(mapping.index(ColumnMapping.Field.CALLEE), "callee");
        long billsec = columns.seconds(mapping.index(ColumnMapping.Field.BILLSEC), "billsec");
        int durationColumn = mapping.index(ColumnMapping.Field.DURATION);
        Long duration = durationColumn < 0 ? null : columns.seconds(durationColumn, "duration");
        Instant start = time(columns, ColumnMapping.Field.START, "start");
        if (start == null) {
            throw new RejectedLine(RejectReason.MISSING_FIELD, "start is empty");
        }
        Instant answer = time(columns, ColumnMapping.Field.ANSWER, "answer");
        Instant end = time(columns, ColumnMapping.Field.END, "end");
        long seconds = duration != null ? duration : end != null ? Duration.between(start, end).getSeconds() : billsec;
        if (end == null) {
            end = start.plusSeconds(Math.max(0, seconds));
        }
        int dispositionColumn = mapping.index(ColumnMapping.Field.DISPOSITION);
        Disposition disposition = dispositionColumn < 0 || columns.text(dispositionColumn).isEmpty()
                ? (billsec > 0 ? Disposition.ANSWERED : Disposition.NO_ANSWER)
                : disposition(columns.text(dispositionColumn));
        return SwitchCdr.checked(text(columns, ColumnMapping.Field.CALL_ID), text(columns, ColumnMapping.Field.ACCOUNT),
                caller, callee, start, answer, end, seconds, billsec, disposition);
    }

    private String text(Columns columns, ColumnMapping.Field field) {
        int index = mapping.index(field);
        return index < 0 ? null : columns.text(index);
    }

    private Instant time(Columns columns, ColumnMapping.Field field, String name) throws RejectedLine {
        int index = mapping.index(field);
        if (index < 0) {
            return null;
        }
        if (timeFormat.equals(EPOCH)) {
            return columns.epochSeconds(index, name);
        }
        String value = columns.text(index);
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (pattern == null) {
                return OffsetDateTime.parse(value).toInstant();
            }
            // Local times: a repeated hour takes the earlier instant; the generic format has no durations
            // that could settle it the way CallTimes does for Asterisk and FreeSWITCH.
            LocalDateTime local = LocalDateTime.parse(value, pattern);
            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                throw new RejectedLine(RejectReason.BAD_TIME, name + " " + value + " does not exist in " + zone);
            }
            return local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new RejectedLine(RejectReason.BAD_TIME, name + " (column " + (index + 1) + ") is not a "
                    + timeFormat + " time: " + value);
        }
    }

    private static Disposition disposition(String value) throws RejectedLine {
        try {
            return Disposition.valueOf(value.trim().toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "disposition must be ANSWERED, NO_ANSWER, BUSY, FAILED"
                    + " or CONGESTION, not " + value);
        }
    }
}
