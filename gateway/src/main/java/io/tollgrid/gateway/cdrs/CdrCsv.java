package io.tollgrid.gateway.cdrs;

import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;

/** CDRs as CSV rows (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
public final class CdrCsv {
    public static final String HEADER = "callId,caller,callee,startTime,answerTime,endTime,durationSeconds,billedSeconds,"
            + "disposition,rateId,cost,currency,source,leg,answeredParty,estimated,"
            + "extension,department,direction,callType,destination,trunk,cause\r\n";

    private CdrCsv() {
    }

    /** @param destination the destination's name ({@link DestinationNames}), or null */
    public static void appendRow(StringBuilder out, RatedCdr cdr, String destination) {
        field(out, cdr.callId()).append(',');
        field(out, cdr.caller()).append(',');
        field(out, cdr.callee()).append(',');
        out.append(cdr.startTime()).append(',');
        out.append(cdr.answerTime() == null ? "" : cdr.answerTime().toString()).append(',');
        out.append(cdr.endTime()).append(',');
        out.append(cdr.durationSeconds()).append(',');
        out.append(cdr.billedSeconds()).append(',');
        field(out, cdr.disposition()).append(',');
        field(out, cdr.rateId()).append(',');
        out.append(cdr.cost().toPlainString()).append(',');
        field(out, cdr.currency()).append(',');
        field(out, cdr.source()).append(',');
        field(out, cdr.leg()).append(',');
        field(out, cdr.answeredParty()).append(',');
        out.append(cdr.estimated()).append(',');
        field(out, cdr.extension()).append(',');
        field(out, cdr.department()).append(',');
        out.append(cdr.direction() == null ? "" : cdr.direction().name()).append(',');
        out.append(cdr.callType() == null ? "" : cdr.callType().name()).append(',');
        field(out, destination).append(',');
        field(out, cdr.trunk()).append(',');
        out.append(cdr.cause() == HangupCause.UNKNOWN ? "" : Integer.toString(cdr.cause())).append("\r\n");
    }

    /** Appends one field, quoted when it must be. */
    public static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            return out.append(value);
        }
        return out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
