package io.tollgrid.ingest.formats;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeSWITCH {@code mod_json_cdr}: one JSON document per call leg, as the module posts it (or writes it to its
 * log directory). Read from {@code variables}: uuid, accountcode, caller_id_number, destination_number,
 * start/answer/end as {@code *_epoch} (preferred: no zone needed; an unanswered call's answer_epoch is 0) or
 * {@code *_stamp} in the source's zone, duration, billsec, hangup_cause, bleg_uuid, direction,
 * originating_leg_uuid, callee_id_number (or last_sent_callee_id_number). caller_id_number and
 * destination_number, which FreeSWITCH often keeps only in the caller profile, fall back to
 * {@code callflow[0].caller_profile} (callflow is an array since 1.10, an object before). Values are
 * URL-decoded ({@code encode-values}, the module's default, writes {@code 2026-01-15%2010%3A00%3A00}); a
 * {@code +} stays a plus. The fields are then read exactly as a mod_cdr_csv template with {@code ${direction}}
 * reads them (same dispositions, same legs: an outbound leg naming another uuid is that call's B leg).
 */
public record FreeSwitchJson(ZoneId zone) implements LineParser {
    public static final String FORMAT = "freeswitch-json";
    /** What one pushed document may hold; the HTTP source refuses a longer body before reading it (413). */
    public static final int MAX_DOCUMENT_CHARS = 262_144;
    private static final List<String> FIELDS = List.of("accountcode", "caller_id_number", "destination_number",
            "start", "answer", "end", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid", "direction",
            "originating_leg_uuid", "callee_id_number");
    private static final CsvTemplate EPOCHS = template("epoch");
    private static final CsvTemplate STAMPS = template("stamp");

    private static CsvTemplate template(String times) {
        List<String> names = new ArrayList<>();
        for (String field : FIELDS) {
            names.add(field.equals("start") || field.equals("answer") || field.equals("end") ? field + "_" + times : field);
        }
        return CsvTemplate.of("a mod_json_cdr document", CsvTemplate.Dialect.FREESWITCH, names);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public SwitchCdr parse(String document) throws RejectedLine {
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new RejectedLine(RejectReason.LINE_TOO_LONG, "the document has " + document.length()
                    + " characters, at most " + MAX_DOCUMENT_CHARS + " are read");
        }
        if (document.isBlank()) {
            throw new RejectedLine(RejectReason.BLANK_LINE, "the document is empty");
        }
        JsonObject variables;
        JsonObject profile;
        try {
            JsonObject root = new JsonObject(document);
            variables = root.getJsonObject("variables");
            profile = callerProfile(root.getValue("callflow"));
        } catch (DecodeException | ClassCastException e) {
            throw new RejectedLine(RejectReason.MALFORMED_DOCUMENT, "not a JSON CDR document: " + firstLine(e.getMessage()));
        }
        if (variables == null) {
            throw new RejectedLine(RejectReason.MALFORMED_DOCUMENT, "the document has no variables object");
        }
        boolean epochs = !value(variables, profile, "start_epoch").isEmpty();
        if (!epochs && zone == null) {
            throw new RejectedLine(RejectReason.BAD_TIME, "the document has no start_epoch and the source names no"
                    + " zone to read its start_stamp in (ID.zone)");
        }
        CsvTemplate template = epochs ? EPOCHS : STAMPS;
        List<String> values = new ArrayList<>(FIELDS.size());
        for (String field : FIELDS) {
            String name = switch (field) {
                case "start", "answer", "end" -> field + (epochs ? "_epoch" : "_stamp");
                default -> field;
            };
            String value = value(variables, profile, name);
            if (name.equals("callee_id_number") && value.isEmpty()) {
                value = value(variables, profile, "last_sent_callee_id_number");
            }
            // FreeSWITCH writes 0 for a time that never came (an unanswered call's answer_epoch).
            values.add(epochs && name.endsWith("_epoch") && value.equals("0") ? "" : value);
        }
        try {
            return template.read(Columns.of(values), zone == null ? ZoneOffset.UTC : zone, false);
        } catch (RejectedLine rejected) {
            // The template reader names CSV columns; a document has variables.
            throw new RejectedLine(rejected.reason(), rejected.detail().replaceAll(" \\(column \\d+\\)", "")
                    .replace(" columns, the line has ", " fields, the document has "));
        }
    }

    /** callflow[0].caller_profile (an array since FreeSWITCH 1.10), or callflow.caller_profile (before); null if absent. */
    private static JsonObject callerProfile(Object callflow) {
        Object first = callflow instanceof JsonArray array ? (array.isEmpty() ? null : array.getValue(0)) : callflow;
        return first instanceof JsonObject flow ? flow.getJsonObject("caller_profile") : null;
    }

    /** The variable as text, URL-decoded, else the caller profile's field of that name, else "". */
    private static String value(JsonObject variables, JsonObject profile, String name) {
        Object value = variables.getValue(name);
        if ((value == null || value.toString().isEmpty()) && profile != null) {
            value = profile.getValue(name);
        }
        return value == null ? "" : percentDecoded(value.toString());
    }

    /** %XX escapes as UTF-8 bytes; unlike form decoding, a '+' stays a '+' (a number's international prefix). */
    static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder decoded = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                escaped.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
                continue;
            }
            if (escaped.size() > 0) {
                decoded.append(escaped.toString(StandardCharsets.UTF_8));
                escaped.reset();
            }
            decoded.append(c);
        }
        decoded.append(escaped.toString(StandardCharsets.UTF_8));
        return decoded.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
