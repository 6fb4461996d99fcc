package io.tollgrid.gateway.reports;

import io.tollgrid.gateway.cdrs.CdrCsv;

import java.nio.charset.StandardCharsets;

/**
 * A report as one CSV file: a head (report, tenant, period), then each section as a title line, its column names
 * and rows, with a blank line between sections. Highlighting is the highlight column.
 */
final class CsvReport {
    private CsvReport() {
    }

    static byte[] render(ReportDocument document) {
        StringBuilder out = new StringBuilder();
        CdrCsv.field(out.append("report,"), document.title()).append("\r\n");
        CdrCsv.field(out.append("tenant,"), document.tenantName()).append("\r\n");
        CdrCsv.field(out.append("period,"), document.period()).append("\r\n");
        for (ReportTable table : document.tables()) {
            out.append("\r\n");
            CdrCsv.field(out, table.title()).append("\r\n");
            line(out, table.columns());
            for (ReportTable.Row row : table.rows()) {
                line(out, row.cells());
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, java.util.List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            CdrCsv.field(out, cells.get(i));
        }
        out.append("\r\n");
    }
}
