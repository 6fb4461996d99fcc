package io.tollgrid.gateway.reports;

import io.tollgrid.history.rollup.UsageReport;
import io.tollgrid.history.rollup.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Turns usage lines into report sections and JSON, with the request's highlighting. */
final class UsageTables {
    static final List<String> COLUMNS = List.of("calls", "answered", "answeredSeconds", "billedSeconds", "cost",
            "currency", "longestCallSeconds", "dearestCall", "highlight", "asr", "acdSeconds");

    private UsageTables() {
    }

    /** The margin columns a carrier table adds after {@link #COLUMNS}. */
    static final List<String> MARGIN_COLUMNS = List.of("buyCost", "margin");

    static ReportTable table(String title, String keyColumn, List<UsageReport.Line> lines, ReportRequest request) {
        return table(title, keyColumn, lines, request, false);
    }

    /** A table by carrier: the usage columns, then what the calls cost the carriers and the margin over it. */
    static ReportTable marginTable(String title, String keyColumn, List<UsageReport.Line> lines, ReportRequest request) {
        return table(title, keyColumn, lines, request, true);
    }

    private static ReportTable table(String title, String keyColumn, List<UsageReport.Line> lines, ReportRequest request,
                                     boolean margins) {
        List<String> columns = new ArrayList<>();
        columns.add(keyColumn);
        columns.addAll(COLUMNS);
        if (margins) {
            columns.addAll(MARGIN_COLUMNS);
        }
        List<ReportTable.Row> rows = new ArrayList<>();
        for (UsageReport.Line line : lines) {
            Usage usage = line.usage();
            boolean highlight = request.highlights(usage.maxDurationSeconds(), usage.maxCost());
            List<String> cells = new ArrayList<>(List.of(line.key(), Long.toString(usage.calls()),
                    Long.toString(usage.answered()), Long.toString(usage.durationSeconds()),
                    Long.toString(usage.billedSeconds()), usage.cost().toPlainString(), line.currency(),
                    Long.toString(usage.maxDurationSeconds()), usage.maxCost().toPlainString(), highlight ? "yes" : "",
                    usage.asrPercent() == null ? "" : usage.asrPercent(), Long.toString(usage.acdSeconds())));
            if (margins) {
                cells.add(usage.buyCost().toPlainString());
                cells.add(usage.margin().toPlainString());
            }
            rows.add(new ReportTable.Row(cells, highlight));
        }
        return new ReportTable(title, columns, rows);
    }

    static JsonArray json(String keyName, List<UsageReport.Line> lines, ReportRequest request) {
        JsonArray array = new JsonArray();
        for (UsageReport.Line line : lines) {
            Usage usage = line.usage();
            array.add(new JsonObject().put(keyName, line.key()).put("calls", usage.calls())
                    .put("answered", usage.answered()).put("answeredSeconds", usage.durationSeconds())
                    .put("billedSeconds", usage.billedSeconds()).put("cost", usage.cost().toPlainString())
                    .put("currency", line.currency()).put("longestCallSeconds", usage.maxDurationSeconds())
                    .put("dearestCall", usage.maxCost().toPlainString())
                    .put("buyCost", usage.buyCost().toPlainString()).put("margin", usage.margin().toPlainString())
                    .put("highlight", request.highlights(usage.maxDurationSeconds(), usage.maxCost()))
                    .put("asr", usage.asrPercent()).put("acdSeconds", usage.acdSeconds()));
        }
        return array;
    }

    static String period(ReportRequest request) {
        return request.period().from() + " to " + request.period().to() + " (" + request.period().zone().getId() + ")";
    }
}
