package io.tollgrid.rating.csv;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoted fields, doubled quotes inside them, CRLF or LF line ends, line breaks inside quotes. */
public final class Csv {
    /** One record and the physical line it starts on (1-based). */
    public record Record(int line, List<String> fields) {
    }

    private Csv() {
    }

    /**
     * Splits text into records; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line of an unterminated quote or a stray quote
     */
    public static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                if (field.length() > 0 || fieldWasQuoted) {
                    throw new IllegalArgumentException("line " + line + ": a quote inside an unquoted field");
                }
                quoted = true;
                fieldWasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                endRecord(records, fields, field, fieldWasQuoted, recordLine);
                fieldWasQuoted = false;
                line++;
                recordLine = line;
            } else {
                if (fieldWasQuoted) {
                    throw new IllegalArgumentException("line " + line + ": text after a closing quote");
                }
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + ": a quoted field is not closed");
        }
        endRecord(records, fields, field, fieldWasQuoted, recordLine);
        return records;
    }

    private static void endRecord(List<Record> records, List<String> fields, StringBuilder field, boolean wasQuoted,
                                  int line) {
        if (fields.isEmpty() && field.length() == 0 && !wasQuoted) {
            return;
        }
        fields.add(field.toString());
        records.add(new Record(line, List.copyOf(fields)));
        fields.clear();
        field.setLength(0);
    }

    /** Appends one record, quoting only fields that need it, ending with CRLF as RFC 4180 says. */
    public static void write(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String value = fields.get(i);
            boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0 || (!value.isEmpty() && (value.charAt(0) == ' '
                    || value.charAt(value.length() - 1) == ' '));
            if (needsQuotes) {
                out.append('"').append(value.replace("\"", "\"\"")).append('"');
            } else {
                out.append(value);
            }
        }
        out.append("\r\n");
    }
}
