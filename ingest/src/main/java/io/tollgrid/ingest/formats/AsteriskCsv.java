package io.tollgrid.ingest.formats;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Asterisk {@code cdr_csv} Master.csv: accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
 * lastdata, start, answer, end, duration, billsec, disposition, amaflags, then uniqueid and userfield when
 * {@code loguniqueid}/{@code loguserfield} are on. Strings are quoted with doubled inner quotes; times are
 * local "YYYY-MM-DD HH:MM:SS" in the zone of the PBX ({@code usegmtime=no}, the default), answer empty when
 * the call was not answered.
 */
public final class AsteriskCsv implements LineParser {
    public static final String FORMAT = "asterisk-csv";
    private static final int ACCOUNT = 0;
    private static final int SRC = 1;
    private static final int DST = 2;
    private static final int START = 9;
    private static final int ANSWER = 10;
    private static final int END = 11;
    private static final int DURATION = 12;
    private static final int BILLSEC = 13;
    private static final int DISPOSITION = 14;
    private static final int UNIQUEID = 16;

    private final ZoneId zone;

    public AsteriskCsv(ZoneId zone) {
        this.zone = Columns.requireZone(zone);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public SwitchCdr parse(String line) throws RejectedLine {
        Columns columns = Columns.split(line);
        columns.requireCount(16, 18, "Asterisk Master.csv");
        String callee = columns.required(DST, "dst");
        LocalDateTime start = columns.localTime(START, "start");
        LocalDateTime answer = columns.localTime(ANSWER, "answer");
        LocalDateTime end = columns.localTime(END, "end");
        long duration = columns.seconds(DURATION, "duration");
        long billsec = columns.seconds(BILLSEC, "billsec");
        Disposition disposition = disposition(columns.required(DISPOSITION, "disposition"));
        CallTimes times = CallTimes.resolve(start, answer, end, duration, billsec, zone);
        return SwitchCdr.checked(columns.text(UNIQUEID), columns.text(ACCOUNT), columns.text(SRC), callee,
                times.start(), times.answer(), times.end(), duration, billsec, disposition);
    }

    private static Disposition disposition(String value) throws RejectedLine {
        return switch (value) {
            case "ANSWERED" -> Disposition.ANSWERED;
            case "NO ANSWER" -> Disposition.NO_ANSWER;
            case "BUSY" -> Disposition.BUSY;
            case "FAILED" -> Disposition.FAILED;
            case "CONGESTION" -> Disposition.CONGESTION;
            default -> throw new RejectedLine(RejectReason.UNKNOWN_DISPOSITION, "disposition is not one Asterisk writes: " + value);
        };
    }
}
