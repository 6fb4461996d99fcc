package io.tollgrid.ingest.formats;

import io.tollgrid.rating.csv.Csv;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/** The fields of one CSV line, read by position, every failure a {@link RejectedLine} naming the column. */
final class Columns {
    /** What Asterisk cdr_csv and FreeSWITCH's ${start_stamp} write: local time, no zone. */
    static final DateTimeFormatter LOCAL_STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private final List<String> fields;

    private Columns(List<String> fields) {
        this.fields = fields;
    }

    /** Splits with the deck's RFC 4180 reader: quoted fields, doubled quotes inside them. */
    static Columns split(String line) throws RejectedLine {
        if (line.length() > LineParser.MAX_LINE_CHARS) {
            throw new RejectedLine(RejectReason.LINE_TOO_LONG, line.length() + " characters, at most "
                    + LineParser.MAX_LINE_CHARS + " are read");
        }
        if (line.isBlank()) {
            throw new RejectedLine(RejectReason.BLANK_LINE, "the line is empty");
        }
        List<Csv.Record> records;
        try {
            records = Csv.parse(line);
        } catch (IllegalArgumentException e) {
            throw new RejectedLine(RejectReason.MALFORMED_CSV, e.getMessage());
        }
        if (records.size() != 1) {
            throw new RejectedLine(RejectReason.MALFORMED_CSV, "one line holds " + records.size() + " records");
        }
        return new Columns(records.get(0).fields());
    }

    /** Fields that come from elsewhere than a CSV line (a JSON document's variables), by position. */
    static Columns of(List<String> fields) {
        return new Columns(List.copyOf(fields));
    }

    int size() {
        return fields.size();
    }

    void requireCount(int min, int max, String format) throws RejectedLine {
        if (fields.size() < min || fields.size() > max) {
            throw new RejectedLine(RejectReason.WRONG_COLUMN_COUNT, format + " has " + (min == max ? min : min + " to " + max)
                    + " columns, the line has " + fields.size());
        }
    }

    /** The field, or "" beyond the last column. */
    String text(int index) {
        return index < fields.size() ? fields.get(index).trim() : "";
    }

    String required(int index, String name) throws RejectedLine {
        String value = text(index);
        if (value.isEmpty()) {
            throw new RejectedLine(RejectReason.MISSING_FIELD, name + " (column " + (index + 1) + ") is empty");
        }
        return value;
    }

    long seconds(int index, String name) throws RejectedLine {
        String value = required(index, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RejectedLine(RejectReason.BAD_NUMBER, name + " (column " + (index + 1) + ") is not a whole number: " + value);
        }
    }

    /** A local "YYYY-MM-DD HH:MM:SS" time, or null when the field is empty. */
    LocalDateTime localTime(int index, String name) throws RejectedLine {
        String value = text(index);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, LOCAL_STAMP);
        } catch (DateTimeParseException e) {
            throw new RejectedLine(RejectReason.BAD_TIME, name + " (column " + (index + 1) + ") is not YYYY-MM-DD HH:MM:SS: " + value);
        }
    }

    /** Seconds since the epoch, or null when the field is empty or 0 (CUCM and others write 0 for "never"). */
    Instant epochSeconds(int index, String name) throws RejectedLine {
        String value = text(index);
        if (value.isEmpty() || value.equals("0")) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new RejectedLine(RejectReason.BAD_TIME, name + " (column " + (index + 1) + ") is not epoch seconds: " + value);
        }
    }

    static ZoneId requireZone(ZoneId zone) {
        if (zone == null) {
            throw new IllegalArgumentException("a source with local times must name its zone");
        }
        return zone;
    }
}
