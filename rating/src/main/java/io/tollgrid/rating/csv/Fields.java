package io.tollgrid.rating.csv;

import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Typed access to one CSV record by column name. A field that does not parse is reported as
 * "file line N column C: why" and the accessor returns a placeholder; callers check {@link #ok()}
 * before building the row.
 */
final class Fields {
    private static final List<DayOfWeek> DAYS = List.of(DayOfWeek.values());

    private final String file;
    private final Csv.Record record;
    private final Map<String, Integer> columns;
    private final List<String> errors;
    private boolean ok = true;

    Fields(String file, Csv.Record record, Map<String, Integer> columns, List<String> errors) {
        this.file = file;
        this.record = record;
        this.columns = columns;
        this.errors = errors;
    }

    String where() {
        return file + " line " + record.line();
    }

    boolean ok() {
        return ok;
    }

    void fail(String column, String message) {
        errors.add(where() + " column " + column + ": " + message);
        ok = false;
    }

    String text(String column) {
        return record.fields().get(columns.get(column)).trim();
    }

    String required(String column) {
        String value = text(column);
        if (value.isEmpty()) {
            fail(column, "is required");
        }
        return value;
    }

    int integer(String column, int min, int max) {
        String value = required(column);
        if (value.isEmpty()) {
            return min;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                fail(column, "must be " + min + ".." + max + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            fail(column, "is not a whole number: " + value);
            return min;
        }
    }

    long longValue(String column, long min, long max) {
        String value = required(column);
        try {
            long parsed = value.isEmpty() ? min : Long.parseLong(value);
            if (parsed < min || parsed > max) {
                fail(column, "must be " + min + ".." + max + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            fail(column, "is not a whole number: " + value);
            return min;
        }
    }

    Money money(String column) {
        String value = required(column);
        if (value.isEmpty()) {
            return Money.ZERO;
        }
        try {
            Money money = Money.parse(value);
            if (money.isNegative()) {
                fail(column, "must not be negative: " + value);
            }
            return money;
        } catch (IllegalArgumentException e) {
            fail(column, e.getMessage());
            return Money.ZERO;
        }
    }

    Percentage percent(String column) {
        String value = required(column);
        if (value.isEmpty()) {
            return Percentage.ZERO;
        }
        try {
            return Percentage.parse(value);
        } catch (IllegalArgumentException e) {
            fail(column, e.getMessage());
            return Percentage.ZERO;
        }
    }

    Instant instant(String column) {
        String value = required(column);
        if (value.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            fail(column, "is not an ISO-8601 instant such as 2025-01-01T00:00:00Z: " + value);
            return Instant.EPOCH;
        }
    }

    Optional<Instant> optionalInstant(String column) {
        return text(column).isEmpty() ? Optional.empty() : Optional.of(instant(column));
    }

    ZoneId zone(String column) {
        String value = required(column);
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            if (!value.isEmpty()) {
                fail(column, "is not a time zone id such as Europe/Sofia: " + value);
            }
            return ZoneId.of("UTC");
        }
    }

    boolean bool(String column) {
        String value = text(column).toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (!value.equals("true")) {
            fail(column, "must be true or false: " + value);
        }
        return true;
    }

    <E extends Enum<E>> E enumOf(String column, Class<E> type) {
        String value = required(column);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            if (!value.isEmpty()) {
                fail(column, "must be one of " + EnumSet.allOf(type) + ": " + value);
            }
            return type.getEnumConstants()[0];
        }
    }

    <E extends Enum<E>> Optional<E> optionalEnum(String column, Class<E> type) {
        return text(column).isEmpty() ? Optional.empty() : Optional.of(enumOf(column, type));
    }

    /** "HH:MM" or "HH:MM:SS", up to "24:00", as seconds of the day. */
    int timeOfDay(String column) {
        String value = required(column);
        String[] parts = value.split(":");
        try {
            if (parts.length < 2 || parts.length > 3) {
                throw new NumberFormatException();
            }
            int hours = Integer.parseInt(parts[0]);
            int minutes = Integer.parseInt(parts[1]);
            int seconds = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
            int total = hours * 3600 + minutes * 60 + seconds;
            if (minutes > 59 || seconds > 59 || hours < 0 || minutes < 0 || seconds < 0 || total > 86_400) {
                throw new NumberFormatException();
            }
            return total;
        } catch (NumberFormatException e) {
            if (!value.isEmpty()) {
                fail(column, "is not a time of day HH:MM between 00:00 and 24:00: " + value);
            }
            return 0;
        }
    }

    /** "MON-FRI", "SAT;SUN", "MON;WED-FRI". */
    Set<DayOfWeek> days(String column) {
        String value = required(column);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : value.split(";")) {
            String[] range = part.trim().split("-");
            DayOfWeek from = day(range[0]);
            DayOfWeek to = range.length == 2 ? day(range[1]) : from;
            if (from == null || to == null || range.length > 2 || to.compareTo(from) < 0) {
                if (!value.isEmpty()) {
                    fail(column, "must be days such as MON-FRI or SAT;SUN: " + value);
                }
                return EnumSet.of(DayOfWeek.MONDAY);
            }
            days.addAll(DAYS.subList(from.ordinal(), to.ordinal() + 1));
        }
        return days;
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().substring(0, 3).equalsIgnoreCase(name.trim())) {
                return day;
            }
        }
        return null;
    }

    static String formatDays(Set<DayOfWeek> days) {
        StringJoiner joined = new StringJoiner(";");
        for (DayOfWeek day : DAYS) {
            if (days.contains(day)) {
                joined.add(day.name().substring(0, 3));
            }
        }
        return joined.toString();
    }

    static String formatTimeOfDay(int seconds) {
        String hm = String.format(Locale.ROOT, "%02d:%02d", seconds / 3600, seconds % 3600 / 60);
        return seconds % 60 == 0 ? hm : hm + String.format(Locale.ROOT, ":%02d", seconds % 60);
    }

    static String plain(Money money) {
        return money.toBigDecimal().stripTrailingZeros().toPlainString();
    }
}
