package io.tollgrid.ingest.formats;

import java.time.ZoneId;

/**
 * Asterisk {@code cdr_csv} Master.csv: accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
 * lastdata, start, answer, end, duration, billsec, disposition, amaflags, then uniqueid and userfield when
 * {@code loguniqueid}/{@code loguserfield} are on. Strings are quoted with doubled inner quotes; times are
 * local "YYYY-MM-DD HH:MM:SS" in the zone of the PBX ({@code usegmtime=no}, the default), answer empty when
 * the call was not answered.
 */
public final class AsteriskCsv {
    public static final String FORMAT = "asterisk-csv";
    private static final FixedColumns LAYOUT = new FixedColumns("Asterisk Master.csv", 16, 18,
            new FixedColumns.Column(0, "accountcode"), new FixedColumns.Column(1, "src"), new FixedColumns.Column(2, "dst"),
            new FixedColumns.Column(9, "start"), new FixedColumns.Column(10, "answer"), new FixedColumns.Column(11, "end"),
            new FixedColumns.Column(12, "duration"), new FixedColumns.Column(13, "billsec"),
            new FixedColumns.Column(14, "disposition"), new FixedColumns.Column(16, "uniqueid"));

    private AsteriskCsv() {
    }

    /** The parser for a switch in this zone (its local times are read there). */
    public static LineParser parser(ZoneId zone) {
        return new FixedColumns.Parser(FORMAT, LAYOUT, Columns.requireZone(zone), AsteriskCsv::disposition);
    }

    private static Disposition disposition(String value, long billsec) throws RejectedLine {
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
