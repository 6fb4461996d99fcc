package io.tollgrid.gateway.reports;

import io.tollgrid.history.rollup.CarrierReport;
import io.tollgrid.history.rollup.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The operator's carrier report as sections (CSV, .xlsx, PDF) and JSON: each line's calls, ratios and money. */
final class CarrierTables {
    static final List<String> COLUMNS = List.of("calls", "answered", "asr", "acdSeconds", "ner", "nerCalls",
            "pddMs", "pddCalls", "answeredSeconds", "billedSeconds", "cost", "buyCost", "margin", "currency");

    private CarrierTables() {
    }

    static ReportTable table(String title, List<CarrierReport.Line> lines, boolean destinations) {
        List<String> columns = new ArrayList<>();
        columns.add("carrier");
        if (destinations) {
            columns.add("destination");
        }
        columns.addAll(COLUMNS);
        List<ReportTable.Row> rows = new ArrayList<>();
        for (CarrierReport.Line line : lines) {
            Usage usage = line.usage();
            List<String> cells = new ArrayList<>();
            cells.add(line.carrierId());
            if (destinations) {
                cells.add(line.destination());
            }
            cells.addAll(List.of(Long.toString(usage.calls()), Long.toString(usage.answered()),
                    usage.asrPercent() == null ? "" : usage.asrPercent(), Long.toString(usage.acdSeconds()),
                    usage.nerPercent() == null ? "" : usage.nerPercent(), Long.toString(usage.nerCalls()),
                    usage.pddAverageMillis() == null ? "" : Long.toString(usage.pddAverageMillis()),
                    Long.toString(usage.pddCalls()),
                    Long.toString(usage.durationSeconds()), Long.toString(usage.billedSeconds()),
                    usage.cost().toPlainString(), usage.buyCost().toPlainString(), usage.margin().toPlainString(),
                    line.currency()));
            rows.add(new ReportTable.Row(cells, false));
        }
        return new ReportTable(title, columns, rows);
    }

    static JsonArray json(List<CarrierReport.Line> lines) {
        JsonArray array = new JsonArray();
        for (CarrierReport.Line line : lines) {
            Usage usage = line.usage();
            JsonObject row = new JsonObject().put("carrierId", line.carrierId());
            if (line.destination() != null) {
                row.put("destination", line.destination());
            }
            array.add(row.put("calls", usage.calls()).put("answered", usage.answered())
                    .put("asr", usage.asrPercent()).put("acdSeconds", usage.acdSeconds())
                    .put("ner", usage.nerPercent()).put("nerCalls", usage.nerCalls())
                    .put("pddMs", usage.pddAverageMillis()).put("pddCalls", usage.pddCalls())
                    .put("answeredSeconds", usage.durationSeconds()).put("billedSeconds", usage.billedSeconds())
                    .put("cost", usage.cost().toPlainString()).put("buyCost", usage.buyCost().toPlainString())
                    .put("margin", usage.margin().toPlainString()).put("currency", line.currency()));
        }
        return array;
    }
}
