package io.tollgrid.ingest.formats;

import io.tollgrid.history.HangupCause;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column of a switch's CSV line holds which CDR field, as the switch's own template names them: an
 * Asterisk {@code cdr_custom.conf} mapping ({@code "${CDR(clid)}","${CDR(src)}",...}, also
 * {@code ${CSV_QUOTE(${CDR(src)})}}) or a FreeSWITCH {@code mod_cdr_csv} template
 * ({@code "${caller_id_number}","${destination_number}",...}). Asterisk's fixed {@code cdr_csv} layouts and
 * FreeSWITCH's default template are templates too, so every such line is read by {@link #read} alone.
 * Variables the dialect does not map are columns that are read past.
 */
public record CsvTemplate(String description, Dialect dialect, int width, Map<Field, Integer> columns,
                          Map<Field, String> variables) {
    /** What a column can hold. */
    public enum Field {
        ACCOUNT, CALLER, CALLEE, START, ANSWER, END, DURATION, BILLSEC, DISPOSITION, CALL_ID, SEQUENCE, DST_CHANNEL,
        BLEG_UUID, DIRECTION, ORIGINATING_LEG, ANSWERED_PARTY, CHANNEL, GATEWAY, Q850
    }

    /** A switch's variable syntax, names and dispositions. */
    public enum Dialect {
        ASTERISK(Pattern.compile("\\$\\{CDR\\(\\s*([A-Za-z_]+)\\s*(?:,[^)]*)?\\)}"), Map.ofEntries(
                Map.entry("accountcode", Field.ACCOUNT), Map.entry("src", Field.CALLER), Map.entry("dst", Field.CALLEE),
                Map.entry("start", Field.START), Map.entry("answer", Field.ANSWER), Map.entry("end", Field.END),
                Map.entry("duration", Field.DURATION), Map.entry("billsec", Field.BILLSEC),
                Map.entry("disposition", Field.DISPOSITION), Map.entry("uniqueid", Field.CALL_ID),
                Map.entry("sequence", Field.SEQUENCE), Map.entry("dstchannel", Field.DST_CHANNEL),
                Map.entry("channel", Field.CHANNEL))),
        FREESWITCH(Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$"), Map.ofEntries(
                Map.entry("accountcode", Field.ACCOUNT), Map.entry("caller_id_number", Field.CALLER),
                Map.entry("destination_number", Field.CALLEE), Map.entry("start_stamp", Field.START),
                Map.entry("start_epoch", Field.START), Map.entry("answer_stamp", Field.ANSWER),
                Map.entry("answer_epoch", Field.ANSWER), Map.entry("end_stamp", Field.END),
                Map.entry("end_epoch", Field.END), Map.entry("duration", Field.DURATION),
                Map.entry("billsec", Field.BILLSEC), Map.entry("hangup_cause", Field.DISPOSITION),
                Map.entry("uuid", Field.CALL_ID), Map.entry("bleg_uuid", Field.BLEG_UUID),
                Map.entry("direction", Field.DIRECTION), Map.entry("originating_leg_uuid", Field.ORIGINATING_LEG),
                Map.entry("callee_id_number", Field.ANSWERED_PARTY), Map.entry("sip_gateway_name", Field.GATEWAY),
                Map.entry("hangup_cause_q850", Field.Q850),
                Map.entry("last_sent_callee_id_number", Field.ANSWERED_PARTY)));

        private static final List<Field> REQUIRED = List.of(Field.CALLER, Field.CALLEE, Field.START, Field.END,
                Field.DURATION, Field.BILLSEC, Field.DISPOSITION);

        private final Pattern variable;
        private final Map<String, Field> names;

        Dialect(Pattern variable, Map<String, Field> names) {
            this.variable = variable;
            this.names = names;
        }

        /** The variable a template column holds, or null for a literal or an expression this reads past. */
        String variableOf(String column) {
            String text = column.strip();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).strip();
            }
            Matcher matcher = variable.matcher(text);
            if (!matcher.find()) {
                return null;
            }
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            // "${CDR(src)}-${CDR(dst)}" holds neither field alone: read past it rather than misread it.
            return matcher.find() ? null : name;
        }

        /** The variable to name in an error; of start_stamp and start_epoch, the stamp the default template uses (it sorts last). */
        String nameOf(Field field) {
            String name = names.entrySet().stream().filter(e -> e.getValue() == field).map(Map.Entry::getKey)
                    .max(String::compareTo).orElse(field.name().toLowerCase(Locale.ROOT));
            return this == ASTERISK ? "${CDR(" + name + ")}" : "${" + name + "}";
        }

        Disposition disposition(String value, long billsec) throws RejectedLine {
            return this == ASTERISK ? asterisk(value) : freeswitch(value, billsec);
        }

        private static Disposition asterisk(String value) throws RejectedLine {
            return switch (value) {
                case "ANSWERED" -> Disposition.ANSWERED;
                case "NO ANSWER" -> Disposition.NO_ANSWER;
                case "BUSY" -> Disposition.BUSY;
                case "FAILED" -> Disposition.FAILED;
                case "CONGESTION" -> Disposition.CONGESTION;
                default -> throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "disposition is not one Asterisk writes: " + value);
            };
        }

        /**
         * The hang-up cause (Q.850 names) decides, answered whenever billsec is positive; a name with no Q.850 value
         * (a cause of FreeSWITCH's own) is a failed call.
         */
        private static Disposition freeswitch(String cause, long billsec) throws RejectedLine {
            if (!cause.matches("[A-Z][A-Z0-9_]*")) {
                throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "hangup_cause is not a cause name: " + cause);
            }
            if (billsec > 0) {
                return Disposition.ANSWERED;
            }
            String unanswered = HangupCause.dispositionOfUnanswered(HangupCause.ofName(cause));
            return unanswered == null ? Disposition.FAILED : Disposition.valueOf(unanswered);
        }
    }

    public CsvTemplate {
        columns = Map.copyOf(columns);
        variables = Map.copyOf(variables);
        for (Field required : Dialect.REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException(description + " has no column for " + dialect.nameOf(required)
                        + ", which every CDR needs");
            }
        }
        if (width < 1 || columns.values().stream().anyMatch(index -> index < 0 || index >= width)) {
            throw new IllegalArgumentException(description + ": columns must lie within its " + width + " columns");
        }
    }

    /**
     * A template as the switch's configuration writes it: a cdr_custom.conf mapping line (with or without its
     * {@code Master.csv =>}) or the text of a mod_cdr_csv {@code <template>}.
     *
     * @throws IllegalArgumentException naming the missing field when the template lacks one every CDR needs
     */
    public static CsvTemplate parse(String template, Dialect dialect) {
        String text = template.strip();
        Matcher mapping = Pattern.compile("^[^\"$]*=>\\s*").matcher(text);
        if (mapping.find()) {
            text = text.substring(mapping.end());
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the template is empty");
        }
        List<String> variables = new ArrayList<>();
        for (String column : splitColumns(text)) {
            variables.add(dialect.variableOf(column));
        }
        return of("the template", dialect, variables);
    }

    /** A layout from its columns' variable names in order (null for a column read past). */
    static CsvTemplate of(String description, Dialect dialect, List<String> variables) {
        Map<Field, Integer> columns = new EnumMap<>(Field.class);
        Map<Field, String> names = new EnumMap<>(Field.class);
        for (int i = 0; i < variables.size(); i++) {
            Field field = variables.get(i) == null ? null : dialect.names.get(variables.get(i));
            if (field != null && columns.putIfAbsent(field, i) == null) {
                names.put(field, variables.get(i));
            }
        }
        return new CsvTemplate(description, dialect, variables.size(), columns, names);
    }

    /** Splits at commas outside quotes, braces and parentheses: {@code ${CSV_QUOTE(${CDR(x)})}} is one column. */
    private static List<String> splitColumns(String text) {
        List<String> columns = new ArrayList<>();
        StringBuilder column = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '{' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '}' || c == ')')) {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && !quoted && depth == 0) {
                columns.add(column.toString());
                column.setLength(0);
                continue;
            }
            column.append(c);
        }
        columns.add(column.toString());
        return columns;
    }

    /**
     * One line's CDR. {@code bLegByBlegUuid}: a FreeSWITCH line without a direction column whose bleg_uuid
     * is set is a B leg ({@code legs=ab}, where the B leg names its A leg there); see docs/cdr-files.md.
     */
    SwitchCdr read(Columns line, ZoneId zone, boolean bLegByBlegUuid) throws RejectedLine {
        line.requireCount(width, width, description);
        String dialled = line.required(index(Field.CALLEE), name(Field.CALLEE));
        long seconds = line.seconds(index(Field.DURATION), name(Field.DURATION));
        long billed = line.seconds(index(Field.BILLSEC), name(Field.BILLSEC));
        Disposition ending = dialect.disposition(line.required(index(Field.DISPOSITION), name(Field.DISPOSITION)), billed);
        LocalDateTime started = time(line, Field.START, zone);
        LocalDateTime answered = time(line, Field.ANSWER, zone);
        LocalDateTime ended = time(line, Field.END, zone);
        CallTimes times = CallTimes.resolve(started, answered, ended, seconds, billed, zone);
        SwitchCdr cdr = SwitchCdr.checked(text(line, Field.CALL_ID), text(line, Field.ACCOUNT), text(line, Field.CALLER),
                dialled, times.start(), times.answer(), times.end(), seconds, billed, ending);
        return dialect == Dialect.ASTERISK ? asteriskLeg(line, cdr)
                : freeswitchLeg(line, cdr.withCause(freeswitchCause(line)), bLegByBlegUuid);
    }

    /** The Q.850 value of hangup_cause_q850 when the template has it and it is one, else of the hangup_cause name. */
    private int freeswitchCause(Columns line) {
        String q850 = text(line, Field.Q850);
        if (q850 != null && q850.matches("\\d{1,3}") && HangupCause.isValid(Integer.parseInt(q850))) {
            return Integer.parseInt(q850);
        }
        return HangupCause.ofName(text(line, Field.DISPOSITION));
    }

    /**
     * A forked Dial writes a line per leg under one uniqueid and start. With {@code newcdrcolumns} the sequence
     * tells them apart; without it, an unanswered leg is told by its dstchannel and the answered leg keeps the
     * bare uniqueid, the key such a line had before legs existed, so files imported then replay onto the same rows.
     */
    private SwitchCdr asteriskLeg(Columns line, SwitchCdr cdr) {
        String sequence = text(line, Field.SEQUENCE);
        String dstChannel = text(line, Field.DST_CHANNEL);
        boolean answered = cdr.disposition() == Disposition.ANSWERED;
        String leg = sequence != null && !sequence.isEmpty() ? sequence : answered ? null : dstChannel;
        return cdr.withLeg(leg, answered ? dstChannel : null, null)
                .withTrunks(ChannelPeer.of(text(line, Field.CHANNEL)), ChannelPeer.of(dstChannel));
    }

    private SwitchCdr freeswitchLeg(Columns line, SwitchCdr cdr, boolean bLegByBlegUuid) {
        String direction = text(line, Field.DIRECTION);
        String originator = text(line, Field.ORIGINATING_LEG);
        String blegUuid = text(line, Field.BLEG_UUID);
        String aLeg = null;
        if (direction != null) {
            if (direction.equalsIgnoreCase("outbound")) {
                aLeg = originator != null && !originator.isEmpty() ? originator : blegUuid;
            }
        } else if (originator != null && !originator.isEmpty()) {
            aLeg = originator;
        } else if (bLegByBlegUuid) {
            aLeg = blegUuid;
        }
        // The gateway a leg was bridged through is the trunk it went out on; FreeSWITCH names none it came in on.
        SwitchCdr trunked = cdr.withTrunks(null, text(line, Field.GATEWAY));
        if (aLeg != null && !aLeg.isEmpty() && cdr.callId() != null && !aLeg.equals(cdr.callId())) {
            return trunked.withLeg(cdr.callId(), cdr.disposition() == Disposition.ANSWERED ? cdr.callee() : null, aLeg);
        }
        return trunked.withLeg(null, text(line, Field.ANSWERED_PARTY), null);
    }

    /** Local "YYYY-MM-DD HH:MM:SS" in the switch's zone, or epoch seconds ({@code ${CDR(start,u)}}, {@code start_epoch}). */
    private LocalDateTime time(Columns line, Field field, ZoneId zone) throws RejectedLine {
        Integer index = columns.get(field);
        if (index == null) {
            return null;
        }
        String value = line.text(index);
        if (value.matches("\\d{9,11}(\\.\\d{1,9})?")) {
            long epoch = Long.parseLong(value.substring(0, value.indexOf('.') < 0 ? value.length() : value.indexOf('.')));
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(epoch), zone);
        }
        return line.localTime(index, name(field));
    }

    private int index(Field field) {
        return columns.get(field);
    }

    /** The variable's name as the template writes it, for reject details. */
    private String name(Field field) {
        return variables.getOrDefault(field, field.name().toLowerCase(Locale.ROOT));
    }

    private String text(Columns line, Field field) {
        Integer index = columns.get(field);
        return index == null ? null : line.text(index);
    }
}
