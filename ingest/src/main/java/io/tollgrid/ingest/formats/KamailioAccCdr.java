package io.tollgrid.ingest.formats;

import io.tollgrid.history.HangupCause;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kamailio {@code acc} CDRs ({@code cdr_enable=1}: one record per dialog, written when it ends), as
 * {@code cdr_log_enable} logs them and syslog puts them in a file: {@code ... ACC: CDR: start_time=...;end_time=...;
 * duration=...;callid=...;caller=...;callee=...}. The names are Kamailio's {@code cdr_start_id},
 * {@code cdr_end_id} and {@code cdr_duration_id} (by default start_time, end_time, duration) and the operator's
 * {@code cdr_extra} names, which the source maps with {@code ID.fields} (defaults below). A dialog CDR starts
 * when the dialog is confirmed, so its start is also its answer and its duration is what is billed; a failed
 * dialog ({@code cdr_on_failed}) has a SIP code of 300 or more. Times are epoch seconds (fractions dropped) or local
 * "YYYY-MM-DD HH:MM:SS"; the duration, fractional seconds, is rounded half up to whole seconds.
 */
public final class KamailioAccCdr {
    public static final String FORMAT = "kamailio-acc";

    /** The CDR fields, and the names Kamailio writes them under unless {@code ID.fields} says otherwise. */
    public enum Field {
        START("start_time"), END("end_time"), DURATION("duration"), CALL_ID("callid"), CALLER("caller"),
        CALLEE("callee"), ACCOUNT("account"), CODE("sip_code");

        private final String defaultName;

        Field(String defaultName) {
            this.defaultName = defaultName;
        }
    }

    private KamailioAccCdr() {
    }

    /**
     * @param fields {@code field=name,...} for the names that differ from the defaults (e.g. {@code caller=c1,callee=c2}),
     *               or null
     * @throws IllegalArgumentException naming an unknown field (a configuration error)
     */
    public static LineParser parser(ZoneId zone, String fields) {
        Map<Field, String> names = new EnumMap<>(Field.class);
        for (Field field : Field.values()) {
            names.put(field, field.defaultName);
        }
        if (fields != null && !fields.isBlank()) {
            for (String pair : fields.split(",")) {
                String[] parts = pair.trim().split("=", 2);
                if (parts.length != 2 || parts[1].isBlank()) {
                    throw new IllegalArgumentException("expected field=name, not '" + pair.trim() + "'");
                }
                try {
                    names.put(Field.valueOf(parts[0].trim().toUpperCase(Locale.ROOT)), parts[1].trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown field '" + parts[0].trim() + "'; known: start, end, duration,"
                            + " call_id, caller, callee, account, code");
                }
            }
        }
        return new Parser(Columns.requireZone(zone), Map.copyOf(names));
    }

    private record Parser(ZoneId zone, Map<Field, String> names) implements LineParser {
        @Override
        public String format() {
            return FORMAT;
        }

        @Override
        public SwitchCdr parse(String line) throws RejectedLine {
            if (line.length() > MAX_LINE_CHARS) {
                throw new RejectedLine(RejectReason.LINE_TOO_LONG, line.length() + " characters, at most " + MAX_LINE_CHARS
                        + " are read");
            }
            if (line.isBlank()) {
                throw new RejectedLine(RejectReason.BLANK_LINE, "the line is empty");
            }
            int marker = line.indexOf("CDR:");
            if (marker < 0) {
                throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "no 'CDR:' in the line: not an acc CDR");
            }
            Map<String, String> values = new HashMap<>();
            for (String pair : line.substring(marker + 4).split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.putIfAbsent(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                }
            }
            Instant start = time(values, Field.START);
            if (start == null) {
                throw new RejectedLine(RejectReason.MISSING_FIELD, name(Field.START) + " is missing");
            }
            long duration = duration(values);
            Instant end = time(values, Field.END);
            String code = value(values, Field.CODE);
            Disposition disposition = disposition(code, duration);
            boolean answered = disposition == Disposition.ANSWERED;
            long billed = answered ? duration : 0;
            if (end == null) {
                end = start.plusSeconds(duration);
            }
            String callee = value(values, Field.CALLEE);
            if (callee.isEmpty()) {
                throw new RejectedLine(RejectReason.MISSING_FIELD, name(Field.CALLEE) + " is missing");
            }
            return SwitchCdr.checked(value(values, Field.CALL_ID), value(values, Field.ACCOUNT), value(values, Field.CALLER),
                    callee, start, answered ? start : null, end, duration, billed, disposition)
                    .withCause(code.isEmpty() ? HangupCause.UNKNOWN : HangupCause.ofSip(Integer.parseInt(code)));
        }

        private String name(Field field) {
            return names.get(field);
        }

        private String value(Map<String, String> values, Field field) {
            return values.getOrDefault(names.get(field), "");
        }

        private long duration(Map<String, String> values) throws RejectedLine {
            String value = value(values, Field.DURATION);
            if (value.isEmpty()) {
                throw new RejectedLine(RejectReason.MISSING_FIELD, name(Field.DURATION) + " is missing");
            }
            try {
                return new BigDecimal(value).setScale(0, RoundingMode.HALF_UP).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new RejectedLine(RejectReason.BAD_NUMBER, name(Field.DURATION) + " is not a number of seconds: " + value);
            }
        }

        private Instant time(Map<String, String> values, Field field) throws RejectedLine {
            String value = value(values, field);
            if (value.isEmpty()) {
                return null;
            }
            if (value.matches("\\d{1,11}(\\.\\d{1,9})?")) {
                return Instant.ofEpochSecond(Long.parseLong(value.contains(".") ? value.substring(0, value.indexOf('.')) : value));
            }
            try {
                LocalDateTime local = LocalDateTime.parse(value, Columns.LOCAL_STAMP);
                if (zone.getRules().getValidOffsets(local).isEmpty()) {
                    throw new RejectedLine(RejectReason.BAD_TIME, name(field) + " " + value + " does not exist in " + zone);
                }
                return local.atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new RejectedLine(RejectReason.BAD_TIME, name(field) + " is neither epoch seconds nor"
                        + " YYYY-MM-DD HH:MM:SS: " + value);
            }
        }

        /** The final SIP code when the CDR carries one, else answered whenever the dialog lasted. */
        private Disposition disposition(String code, long duration) throws RejectedLine {
            if (code.isEmpty()) {
                return duration > 0 ? Disposition.ANSWERED : Disposition.NO_ANSWER;
            }
            if (!code.matches("[1-6]\\d\\d")) {
                throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, name(Field.CODE) + " is not a SIP code: " + code);
            }
            return Disposition.valueOf(HangupCause.dispositionOfSip(Integer.parseInt(code)));
        }
    }
}
