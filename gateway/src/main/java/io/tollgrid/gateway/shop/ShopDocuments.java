package io.tollgrid.gateway.shop;

import io.tollgrid.gateway.http.Html;
import io.tollgrid.gateway.reports.PdfReport;
import io.tollgrid.gateway.reports.ReportDocument;
import io.tollgrid.gateway.reports.ReportTable;
import io.tollgrid.grid.shop.DayReport;
import io.tollgrid.grid.shop.Receipt;
import io.tollgrid.grid.shop.SessionCall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Receipts and day reports as printable HTML (one page, its own print style, every value escaped) and as PDF (the
 * reports' PDFBox renderer). Times are UTC.
 */
final class ShopDocuments {
    private static final List<String> CALL_COLUMNS = List.of("Booth", "Call", "Number", "Start (UTC)", "Duration",
            "Price", "Status");

    private ShopDocuments() {
    }

    /** Seconds as whole minutes and seconds: 95 is "1:35". */
    static String minutes(long seconds) {
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    static String receiptHtml(String shopName, Receipt receipt) {
        StringBuilder html = head("Receipt " + receipt.receiptId());
        html.append("<h1>").append(Html.escape(shopName)).append("</h1><p>Receipt <b>").append(Html.escape(receipt.receiptId()))
                .append("</b><br>Issued ").append(Html.escape(Instant.ofEpochMilli(receipt.issuedAtMillis()).toString()))
                .append(" by ").append(Html.escape(receipt.operatorId())).append("</p>");
        table(html, receipt.calls());
        html.append("<p class=total>Total: <b>").append(ShopApi.money(receipt.totalMicros())).append("</b></p>");
        return html.append("</body></html>").toString();
    }

    static byte[] receiptPdf(String shopName, Receipt receipt) {
        List<ReportTable.Row> rows = rows(receipt.calls());
        rows.add(new ReportTable.Row(List.of("Total", "", "", "", "", ShopApi.money(receipt.totalMicros()), ""), false));
        return PdfReport.render(new ReportDocument("Receipt " + receipt.receiptId(), shopName,
                "issued " + Instant.ofEpochMilli(receipt.issuedAtMillis()) + " by " + receipt.operatorId(),
                List.of(new ReportTable("Calls paid", CALL_COLUMNS, rows))));
    }

    static String reportHtml(String shopName, DayReport report) {
        StringBuilder html = head("Day report " + report.session().sessionId());
        html.append("<h1>").append(Html.escape(shopName)).append(": day report</h1><table>");
        for (List<String> line : summary(report)) {
            html.append("<tr><th>").append(Html.escape(line.get(0))).append("</th><td>").append(Html.escape(line.get(1)))
                    .append("</td></tr>");
        }
        html.append("</table><h2>Calls</h2>");
        table(html, report.calls());
        html.append("<h2>Unpaid calls</h2>");
        table(html, report.unpaid());
        html.append("<h2>Unserved calls</h2>");
        table(html, report.unserved());
        return html.append("</body></html>").toString();
    }

    static byte[] reportPdf(String shopName, DayReport report) {
        List<ReportTable.Row> summary = new ArrayList<>();
        for (List<String> line : summary(report)) {
            summary.add(new ReportTable.Row(line, false));
        }
        return PdfReport.render(new ReportDocument("Day report", shopName, report.session().sessionId(), List.of(
                new ReportTable("Summary", List.of("", "Value"), summary),
                new ReportTable("Calls", CALL_COLUMNS, rows(report.calls())),
                new ReportTable("Unpaid calls", CALL_COLUMNS, rows(report.unpaid())),
                new ReportTable("Unserved calls", CALL_COLUMNS, rows(report.unserved())))));
    }

    private static List<List<String>> summary(DayReport report) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("Session", report.session().sessionId()));
        lines.add(List.of("Operator", report.session().operatorId()));
        lines.add(List.of("Opened at", Instant.ofEpochMilli(report.session().openedAtMillis()).toString()));
        lines.add(List.of("Closed at", report.session().isOpen() ? "open"
                : Instant.ofEpochMilli(report.session().closedAtMillis()).toString()));
        lines.add(List.of("Calls", String.valueOf(report.calls().size())));
        lines.add(List.of("Minutes", minutes(report.answeredSeconds())));
        lines.add(List.of("Opening float", ShopApi.money(report.session().floatMicros())));
        lines.add(List.of("Paid", ShopApi.money(report.paidMicros())));
        lines.add(List.of("Cash expected", ShopApi.money(report.expectedMicros())));
        if (!report.session().isOpen()) {
            lines.add(List.of("Cash counted", ShopApi.money(report.session().countedMicros())));
            lines.add(List.of("Difference", ShopApi.money(report.differenceMicros())));
        }
        lines.add(List.of("Unpaid calls", String.valueOf(report.unpaid().size())));
        lines.add(List.of("Unserved calls", String.valueOf(report.unserved().size())));
        return lines;
    }

    private static List<ReportTable.Row> rows(List<SessionCall> calls) {
        List<ReportTable.Row> rows = new ArrayList<>();
        for (SessionCall call : calls) {
            rows.add(new ReportTable.Row(cells(call), call.status() != io.tollgrid.grid.shop.CallStatus.PAID));
        }
        return rows;
    }

    private static List<String> cells(SessionCall call) {
        return List.of(call.account(), call.callId(), call.callee(), Instant.ofEpochMilli(call.startMillis()).toString(),
                minutes(call.durationSeconds()), ShopApi.money(call.sellMicros()), call.status().name());
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html><html><head><meta charset=utf-8><title>").append(Html.escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "th,td{border:1px solid #999;padding:2px 8px;text-align:left}.total{font-size:1.3em}"
                        + "@media print{body{margin:0}}</style></head><body>");
    }

    private static void table(StringBuilder html, List<SessionCall> calls) {
        html.append("<table><tr>");
        CALL_COLUMNS.forEach(column -> html.append("<th>").append(column).append("</th>"));
        html.append("</tr>");
        for (SessionCall call : calls) {
            html.append("<tr>");
            cells(call).forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
    }
}
