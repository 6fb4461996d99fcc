package io.tollgrid.ingest.formats;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * FreeSWITCH {@code mod_cdr_csv} with its default template: caller_id_name, caller_id_number,
 * destination_number, context, start_stamp, answer_stamp, end_stamp, duration, billsec, hangup_cause, uuid,
 * bleg_uuid, accountcode, read_codec, write_codec; every field quoted, stamps in the switch's local time.
 * The disposition comes from the hang-up cause (Q.850 names), answered whenever billsec is positive.
 */
public final class FreeSwitchCsv implements LineParser {
    public static final String FORMAT = "freeswitch-csv";
    private static final int CALLER = 1;
    private static final int CALLEE = 2;
    private static final int START = 4;
    private static final int ANSWER = 5;
    private static final int END = 6;
    private static final int DURATION = 7;
    private static final int BILLSEC = 8;
    private static final int CAUSE = 9;
    private static final int UUID = 10;
    private static final int ACCOUNT = 12;

    private final ZoneId zone;

    public FreeSwitchCsv(ZoneId zone) {
        this.zone = Columns.requireZone(zone);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public SwitchCdr parse(String line) throws RejectedLine {
        Columns columns = Columns.split(line);
        columns.requireCount(15, 15, "FreeSWITCH default template");
        String callee = columns.required(CALLEE, "destination_number");
        LocalDateTime start = columns.localTime(START, "start_stamp");
        LocalDateTime answer = columns.localTime(ANSWER, "answer_stamp");
        LocalDateTime end = columns.localTime(END, "end_stamp");
        long duration = columns.seconds(DURATION, "duration");
        long billsec = columns.seconds(BILLSEC, "billsec");
        Disposition disposition = disposition(columns.required(CAUSE, "hangup_cause"), billsec);
        CallTimes times = CallTimes.resolve(start, answer, end, duration, billsec, zone);
        return SwitchCdr.checked(columns.text(UUID), columns.text(ACCOUNT), columns.text(CALLER), callee,
                times.start(), times.answer(), times.end(), duration, billsec, disposition);
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
