package io.tollgrid.ingest.formats;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asterisk {@code cdr_csv} Master.csv: accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp,
 * lastdata, start, answer, end, duration, billsec, disposition, amaflags; then uniqueid ({@code loguniqueid}),
 * userfield ({@code loguserfield}) and peeraccount, linkedid, sequence ({@code newcdrcolumns}, what current
 * Asterisk ships), each when its option is on. Strings quoted with doubled inner quotes, durations unquoted, an
 * unanswered call's answer an empty field; times local "YYYY-MM-DD HH:MM:SS" in the PBX's zone.
 *
 * <p>Each line's layout is found by its column count (16, 17 with uniqueid, 18, 19, 20 with uniqueid, 21),
 * unless the source pins one: a 17-column file of {@code loguserfield} without {@code loguniqueid} must.
 */
public final class AsteriskCsv {
    public static final String FORMAT = "asterisk-csv";
    private static final List<String> BASE = List.of("accountcode", "src", "dst", "dcontext", "clid", "channel",
            "dstchannel", "lastapp", "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags");

    /** Which optional column groups a Master.csv has. */
    public record Layout(boolean uniqueid, boolean userfield, boolean newColumns) {
        /** The layout each column count means when not pinned. */
        private static final Map<Integer, Layout> BY_WIDTH = byWidth();

        /** {@code auto} (null: per line), a column count, or optional groups joined by {@code +}, e.g. {@code uniqueid+userfield+newcdrcolumns}. */
        public static Layout parse(String text) {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.isEmpty() || value.equals("auto")) {
                return null;
            }
            if (value.matches("\\d+")) {
                Layout layout = BY_WIDTH.get(Integer.parseInt(value));
                if (layout == null) {
                    throw new IllegalArgumentException("Asterisk writes 16 to 21 columns, not " + value);
                }
                return layout;
            }
            boolean uniqueid = false;
            boolean userfield = false;
            boolean newColumns = false;
            for (String part : value.split("\\+")) {
                switch (part.trim()) {
                    case "plain" -> { }
                    case "uniqueid" -> uniqueid = true;
                    case "userfield" -> userfield = true;
                    case "newcdrcolumns" -> newColumns = true;
                    default -> throw new IllegalArgumentException("a layout is auto, 16..21, or plain, uniqueid, userfield"
                            + " and newcdrcolumns joined by +, not " + text);
                }
            }
            return new Layout(uniqueid, userfield, newColumns);
        }

        int width() {
            return 16 + (uniqueid ? 1 : 0) + (userfield ? 1 : 0) + (newColumns ? 3 : 0);
        }

        CsvTemplate template() {
            List<String> names = new ArrayList<>(BASE);
            if (uniqueid) {
                names.add("uniqueid");
            }
            if (userfield) {
                names.add("userfield");
            }
            if (newColumns) {
                names.addAll(List.of("peeraccount", "linkedid", "sequence"));
            }
            return CsvTemplate.of("Asterisk Master.csv " + this, CsvTemplate.Dialect.ASTERISK, names);
        }

        @Override
        public String toString() {
            return width() + " columns" + (uniqueid ? " +uniqueid" : "") + (userfield ? " +userfield" : "")
                    + (newColumns ? " +newcdrcolumns" : "");
        }

        private static Map<Integer, Layout> byWidth() {
            Map<Integer, Layout> layouts = new TreeMap<>();
            for (Layout layout : List.of(new Layout(false, false, false), new Layout(true, false, false),
                    new Layout(true, true, false), new Layout(false, false, true), new Layout(true, false, true),
                    new Layout(true, true, true))) {
                layouts.put(layout.width(), layout);
            }
            return Map.copyOf(layouts);
        }
    }

    /** The layouts by width, compiled once. */
    private static final Map<Integer, CsvTemplate> DETECTED = detected();

    private AsteriskCsv() {
    }

    /** Each line's layout found by its column count; its local times read in this zone. */
    public static LineParser parser(ZoneId zone) {
        return parser(zone, null);
    }

    /** @param pinned the one layout of the source's files, or null to find it per line */
    public static LineParser parser(ZoneId zone, Layout pinned) {
        return new Parser(Columns.requireZone(zone), pinned == null ? null : pinned.template());
    }

    private record Parser(ZoneId zone, CsvTemplate pinned) implements LineParser {
        @Override
        public String format() {
            return FORMAT;
        }

        @Override
        public SwitchCdr parse(String line) throws RejectedLine {
            Columns columns = Columns.split(line);
            CsvTemplate template = pinned != null ? pinned : DETECTED.get(columns.size());
            if (template == null) {
                throw new RejectedLine(RejectReason.WRONG_COLUMN_COUNT, "Asterisk Master.csv has 16 to 21 columns,"
                        + " the line has " + columns.size());
            }
            return template.read(columns, zone, false);
        }
    }

    private static Map<Integer, CsvTemplate> detected() {
        Map<Integer, CsvTemplate> templates = new TreeMap<>();
        Layout.BY_WIDTH.forEach((width, layout) -> templates.put(width, layout.template()));
        return Map.copyOf(templates);
    }
}
