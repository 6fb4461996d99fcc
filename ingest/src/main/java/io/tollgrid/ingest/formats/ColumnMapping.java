package io.tollgrid.ingest.formats;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which column (1-based, as a spreadsheet counts) holds which CDR field in a generic CSV, e.g.
 * {@code call_id=1,caller=2,callee=3,start=4,billsec=6}.
 */
public record ColumnMapping(Map<Field, Integer> columns) {
    public enum Field {
        CALL_ID, ACCOUNT, CALLER, CALLEE, START, ANSWER, END, DURATION, BILLSEC, DISPOSITION
    }

    public ColumnMapping {
        columns = Map.copyOf(new EnumMap<>(columns));
        for (Field required : new Field[]{Field.CALLER, Field.CALLEE, Field.START, Field.BILLSEC}) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException("the mapping needs a column for " + name(required));
            }
        }
        columns.forEach((field, column) -> {
            if (column < 1 || column > 256) {
                throw new IllegalArgumentException(name(field) + " must be a column 1..256, not " + column);
            }
        });
    }

    /** Reads "field=column,..." with the field names in lower case. */
    public static ColumnMapping parse(String text) {
        Map<Field, Integer> columns = new EnumMap<>(Field.class);
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected field=column, not '" + pair.trim() + "'");
            }
            Field field;
            try {
                field = Field.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown field '" + parts[0].trim() + "'; known: call_id, account,"
                        + " caller, callee, start, answer, end, duration, billsec, disposition");
            }
            try {
                if (columns.put(field, Integer.parseInt(parts[1].trim())) != null) {
                    throw new IllegalArgumentException(parts[0].trim() + " is mapped twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(parts[0].trim() + " must name a column number, not '" + parts[1].trim() + "'");
            }
        }
        return new ColumnMapping(columns);
    }

    /** The 0-based index of the field's column, or -1 when it is not mapped. */
    int index(Field field) {
        Integer column = columns.get(field);
        return column == null ? -1 : column - 1;
    }

    int width() {
        return columns.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static String name(Field field) {
        return field.name().toLowerCase(Locale.ROOT);
    }
}
