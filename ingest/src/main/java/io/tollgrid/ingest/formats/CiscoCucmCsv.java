package io.tollgrid.ingest.formats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Cisco CUCM CDR flat files: a header row naming the columns, a row of their types, then one CDR per line.
 * Columns are found by name (their number and order change between CUCM releases), times are epoch seconds
 * in UTC, 0 meaning "never". Used: cdrRecordType (1 for a CDR; 2, a CMR, is refused), globalCallID_callManagerId,
 * globalCallID_callId, origLegCallIdentifier, destLegIdentifier (together the call id: a transfer writes one
 * CDR per leg under one global call id), dateTimeOrigination, dateTimeConnect, dateTimeDisconnect,
 * callingPartyNumber, finalCalledPartyNumber (else originalCalledPartyNumber), duration (connected seconds,
 * what is rated), destCause_value (Q.850) and, when present, clientMatterCode as the account code.
 */
public final class CiscoCucmCsv {
    public static final String FORMAT = "cisco-cucm";
    private static final List<String> REQUIRED = List.of("cdrRecordType", "globalCallID_callManagerId",
            "globalCallID_callId", "origLegCallIdentifier", "destLegIdentifier", "dateTimeOrigination",
            "dateTimeConnect", "dateTimeDisconnect", "callingPartyNumber", "originalCalledPartyNumber",
            "finalCalledPartyNumber", "duration", "destCause_value");
    private static final LineParser UNRESOLVED = new Parser(Map.of(), 0);

    private CiscoCucmCsv() {
    }

    /** The parser before a file's header is read; {@link LineParser#forHeader} gives the one for the file. */
    public static LineParser parser() {
        return UNRESOLVED;
    }

    /** Column positions by name, from one file's header (none before it is read). */
    private record Parser(Map<String, Integer> index, int width) implements LineParser {
        @Override
        public String format() {
            return FORMAT;
        }

        @Override
        public int headerLines() {
            return 2;
        }

        @Override
        public LineParser forHeader(List<String> header) throws RejectedLine {
            HeaderRow row = HeaderRow.read(header, UnaryOperator.identity(), REQUIRED, "CUCM");
            return new Parser(row.index(), row.width());
        }

        @Override
        public SwitchCdr parse(String line) throws RejectedLine {
            if (index.isEmpty()) {
                throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "a CUCM line is read with its file's header");
            }
            Columns columns = Columns.split(line);
            columns.requireCount(width, width, "the CUCM header");
            String type = text(columns, "cdrRecordType");
            if (!type.equals("1")) {
                throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "cdrRecordType " + type + " is not a CDR (1)");
            }
            Instant start = columns.epochSeconds(index.get("dateTimeOrigination"), "dateTimeOrigination");
            Instant end = columns.epochSeconds(index.get("dateTimeDisconnect"), "dateTimeDisconnect");
            if (start == null || end == null) {
                throw new RejectedLine(RejectReason.MISSING_FIELD, "dateTimeOrigination and dateTimeDisconnect are required");
            }
            Instant answer = columns.epochSeconds(index.get("dateTimeConnect"), "dateTimeConnect");
            long billsec = columns.seconds(index.get("duration"), "duration");
            String callee = text(columns, "finalCalledPartyNumber");
            if (callee.isEmpty()) {
                callee = text(columns, "originalCalledPartyNumber");
            }
            String callId = text(columns, "globalCallID_callManagerId") + ":" + text(columns, "globalCallID_callId") + ":"
                    + text(columns, "origLegCallIdentifier") + ":" + text(columns, "destLegIdentifier");
            Integer account = index.get("clientMatterCode");
            return SwitchCdr.checked(callId, account == null ? null : columns.text(account),
                    text(columns, "callingPartyNumber"), callee, start, answer, end,
                    Math.max(0, Duration.between(start, end).getSeconds()), billsec,
                    disposition(text(columns, "destCause_value"), billsec));
        }

        private String text(Columns columns, String name) {
            return columns.text(index.get(name));
        }

        /** Q.850 causes as CUCM writes them: 16 normal clearing, 17 busy, 18/19 no answer, 34/42 congestion. */
        private static Disposition disposition(String cause, long billsec) throws RejectedLine {
            if (billsec > 0) {
                return Disposition.ANSWERED;
            }
            return switch (cause) {
                case "0", "16", "18", "19", "31" -> Disposition.NO_ANSWER;
                case "17" -> Disposition.BUSY;
                case "34", "42", "44" -> Disposition.CONGESTION;
                default -> {
                    if (!cause.matches("\\d{1,3}")) {
                        throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "destCause_value is not a Q.850 cause: " + cause);
                    }
                    yield Disposition.FAILED;
                }
            };
        }
    }
}
