package io.tollgrid.ingest.formats;

import java.time.ZoneId;

/**
 * FreeSWITCH {@code mod_cdr_csv} with its default template: caller_id_name, caller_id_number,
 * destination_number, context, start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid,
 * bleg_uuid, accountcode, read_codec, write_codec; every field quoted, stamps in the switch's local time.
 * The disposition comes from the hang-up cause (Q.850 names), answered whenever billsec is positive.
 */
public final class FreeSwitchCsv {
    public static final String FORMAT = "freeswitch-csv";
    private static final FixedColumns LAYOUT = new FixedColumns("FreeSWITCH default template", 15, 15,
            new FixedColumns.Column(12, "accountcode"), new FixedColumns.Column(1, "caller_id_number"),
            new FixedColumns.Column(2, "destination_number"), new FixedColumns.Column(4, "start_stamp"),
            new FixedColumns.Column(5, "answer_stamp"), new FixedColumns.Column(6, "end_stamp"),
            new FixedColumns.Column(7, "duration"), new FixedColumns.Column(8, "billsec"),
            new FixedColumns.Column(9, "hangup_cause"), new FixedColumns.Column(10, "uuid"));

    private FreeSwitchCsv() {
    }

    /** The parser for a switch in this zone (its local times are read there). */
    public static LineParser parser(ZoneId zone) {
        return new FixedColumns.Parser(FORMAT, LAYOUT, Columns.requireZone(zone), FreeSwitchCsv::disposition);
    }

    private static Disposition disposition(String cause, long billsec) throws RejectedLine {
        if (!cause.matches("[A-Z][A-Z0-9_]*")) {
            throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "hangup_cause is not a cause name: " + cause);
        }
        if (billsec > 0) {
            return Disposition.ANSWERED;
        }
        return switch (cause) {
            case "USER_BUSY" -> Disposition.BUSY;
            case "NORMAL_CLEARING", "NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "CALL_REJECTED" -> Disposition.NO_ANSWER;
            case "NORMAL_CIRCUIT_CONGESTION", "SWITCH_CONGESTION", "NETWORK_OUT_OF_ORDER" -> Disposition.CONGESTION;
            default -> Disposition.FAILED;
        };
    }
}
