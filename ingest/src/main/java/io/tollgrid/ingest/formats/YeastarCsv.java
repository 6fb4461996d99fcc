package io.tollgrid.ingest.formats;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CDR export of Yeastar PBXs (P-Series and S-Series, CSV): a header row, then one row per call leg. Columns
 * are found by their header names, compared without case, spaces, punctuation or a unit in parentheses
 * ("Call Duration(s)" is {@code callduration}), because they move and get added between firmware releases.
 * Used: ID (or Call ID), Time (local, {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy/MM/dd HH:mm:ss}), Call From,
 * Call To, Call Duration, Talk Duration (what is rated), Status, and when present Ring Duration (answer = time +
 * ring) and Source Trunk and Destination Trunk (also "Src. Trunk", "Dst. Trunk"). Durations are seconds or {@code H:MM:SS}. "Call From" may carry a name ({@code Alice<1001>}): the
 * number is the caller, and the caller is the record's account code (a PBX bills its extensions).
 */
public final class YeastarCsv {
    public static final String FORMAT = "yeastar-csv";
    private static final Map<String, String> ALIASES = Map.of("callid", "id", "srctrunk", "sourcetrunk",
            "dsttrunk", "destinationtrunk", "sourcetrunkname", "sourcetrunk", "destinationtrunkname", "destinationtrunk");
    private static final List<String> REQUIRED = List.of("id", "time", "callfrom", "callto", "callduration",
            "talkduration", "status");
    private static final DateTimeFormatter DASHES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SLASHES = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern NAMED_NUMBER = Pattern.compile("<([^<>]*)>\\s*$");

    private YeastarCsv() {
    }

    /** The parser before a file's header is read; {@link LineParser#forHeader} gives the one for the file. */
    public static LineParser parser(ZoneId zone) {
        return new Parser(Columns.requireZone(zone), Map.of(), 0);
    }

    /** "Call Duration(s)" → "callduration". */
    static String normalise(String header) {
        String name = header.replaceAll("\\([^)]*\\)", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
        return ALIASES.getOrDefault(name, name);
    }

    private record Parser(ZoneId zone, Map<String, Integer> index, int width) implements LineParser {
        @Override
        public String format() {
            return FORMAT;
        }

        @Override
        public int headerLines() {
            return 1;
        }

        @Override
        public LineParser forHeader(List<String> header) throws RejectedLine {
            HeaderRow row = HeaderRow.read(header, YeastarCsv::normalise, REQUIRED, "Yeastar");
            return new Parser(zone, row.index(), row.width());
        }

        @Override
        public SwitchCdr parse(String line) throws RejectedLine {
            if (index.isEmpty()) {
                throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "a Yeastar line is read with its file's header");
            }
            Columns columns = Columns.split(line);
            columns.requireCount(width, width, "the Yeastar header");
            String callee = columns.required(index.get("callto"), "Call To");
            long duration = seconds(columns, "callduration", "Call Duration");
            long talk = seconds(columns, "talkduration", "Talk Duration");
            Disposition disposition = disposition(columns.required(index.get("status"), "Status"), talk);
            // Only the start is a wall-clock time; answer and end follow from the durations, so no DST reading is needed
            // beyond the start's (a repeated hour takes the earlier reading).
            Instant start = time(columns);
            Instant answer = null;
            if (disposition == Disposition.ANSWERED) {
                Integer ring = index.get("ringduration");
                answer = ring == null || columns.text(ring).isEmpty()
                        ? start.plusSeconds(duration - talk) : start.plusSeconds(seconds(columns, "ringduration", "Ring Duration"));
            }
            String caller = number(columns.text(index.get("callfrom")));
            SwitchCdr cdr = SwitchCdr.checked(columns.text(index.get("id")), caller, caller, number(callee),
                    start, answer, start.plusSeconds(duration), duration, talk, disposition);
            // Legs of one call share its ID: an unanswered one is told by whom it rang, the answered one keeps the ID.
            return cdr.withLeg(disposition == Disposition.ANSWERED ? null : cdr.callee(), null, null)
                    .withTrunks(optional(columns, "sourcetrunk"), optional(columns, "destinationtrunk"));
        }

        /** A column the export may lack (older firmware): its text, or null. */
        private String optional(Columns columns, String name) {
            Integer column = index.get(name);
            return column == null ? null : columns.text(column).strip();
        }

        private Instant time(Columns columns) throws RejectedLine {
            String value = columns.required(index.get("time"), "Time");
            LocalDateTime local;
            try {
                local = LocalDateTime.parse(value, value.indexOf('/') >= 0 ? SLASHES : DASHES);
            } catch (DateTimeParseException e) {
                throw new RejectedLine(RejectReason.BAD_TIME, "Time (column " + (index.get("time") + 1)
                        + ") is not yyyy-MM-dd HH:mm:ss: " + value);
            }
            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                throw new RejectedLine(RejectReason.BAD_TIME, "Time " + value + " does not exist in " + zone
                        + " (skipped by a daylight-saving change)");
            }
            return local.atZone(zone).toInstant();
        }

        /** Whole seconds, or H:MM:SS / MM:SS as the web export writes them. */
        private long seconds(Columns columns, String name, String label) throws RejectedLine {
            int column = index.get(name);
            String value = columns.required(column, label);
            if (value.matches("\\d{1,3}(:\\d{2}){1,2}")) {
                long total = 0;
                for (String part : value.split(":")) {
                    total = total * 60 + Long.parseLong(part);
                }
                return total;
            }
            return columns.seconds(column, label);
        }
    }

    private static String number(String party) {
        Matcher named = NAMED_NUMBER.matcher(party);
        return named.find() ? named.group(1).trim() : party.trim();
    }

    /** VOICEMAIL is a call the PBX answered; ABANDONED, one the caller gave up. */
    private static Disposition disposition(String status, long talk) throws RejectedLine {
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "ANSWERED" -> Disposition.ANSWERED;
            case "VOICEMAIL" -> talk > 0 ? Disposition.ANSWERED : Disposition.NO_ANSWER;
            case "NO ANSWER", "ABANDONED" -> Disposition.NO_ANSWER;
            case "BUSY" -> Disposition.BUSY;
            case "FAILED" -> Disposition.FAILED;
            default -> throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "Status is not one Yeastar writes: " + status);
        };
    }
}
