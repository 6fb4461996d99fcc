package io.tollgrid.gateway.invoice;

import io.tollgrid.gateway.http.Html;
import io.tollgrid.gateway.reports.PdfReport;
import io.tollgrid.gateway.reports.ReportDocument;
import io.tollgrid.gateway.reports.ReportTable;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.invoice.DocumentKind;
import io.tollgrid.history.invoice.Invoice;
import io.tollgrid.history.invoice.InvoiceLine;
import io.tollgrid.history.invoice.InvoiceRun;
import io.tollgrid.history.invoice.LineKind;
import io.tollgrid.money.Money;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a stored invoice or credit note as PDF (through the reports' {@link PdfReport}) or HTML, in the tenant's
 * language (its {@link InvoiceStrings}) and the invoice's currency. Amounts print exactly: every micro the invoice
 * holds, at least the currency's decimals ({@code 36.185807}, {@code 7.24}), never rounded for display.
 */
public final class InvoiceRenderer {
    /** The most calls a detail invoice lists (the CDR store's range read refuses more). */
    public static final int MAX_DETAIL_CALLS = 10_000;

    private InvoiceRenderer() {
    }

    /** The document's sections as tables, shared by both formats. */
    public static ReportDocument document(Invoice invoice, String tenantName, InvoiceStrings words,
                                          InvoiceVariant variant, List<RatedCdr> calls, Instant now) {
        List<ReportTable> tables = new ArrayList<>();
        String currency = invoice.currency();
        List<ReportTable.Row> header = new ArrayList<>();
        header.add(row(words.get("account"), invoice.accountId()));
        java.time.ZoneId zone = java.time.ZoneId.of(invoice.zone());
        header.add(row(words.get("issued"), invoice.issuedAt().atZone(zone).toLocalDate().toString()));
        if (invoice.kind() == DocumentKind.INVOICE) {
            header.add(row(words.get("due"), invoice.dueAt().atZone(zone).toLocalDate().toString()));
        } else {
            header.add(row(words.get("creditOf"), invoice.creditOf()));
        }
        header.add(row(words.get("status"), words.get(invoice.status(now).name())));
        tables.add(new ReportTable(title(invoice, words), List.of("", ""), header));

        List<ReportTable.Row> lines = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            String description = switch (line.kind()) {
                case USAGE -> words.get("callsTo") + " " + line.description();
                case EXTENSION_USAGE -> words.get("callsOfExtension") + " " + orUnassigned(line.description(), words);
                case DEPARTMENT_USAGE -> words.get("callsOfDepartment") + " " + orUnassigned(line.description(), words);
                case CHARGE -> line.description();
            };
            lines.add(new ReportTable.Row(List.of(description, Long.toString(line.calls()),
                    Long.toString(line.billedSeconds()), amount(line.net(), currency, words),
                    amount(line.tax(), currency, words), amount(line.gross(), currency, words)), false));
        }
        tables.add(new ReportTable(words.get("lines"), List.of(words.get("description"), words.get("calls"),
                words.get("seconds"), words.get("net"), words.get("tax"), words.get("gross")), lines));

        List<ReportTable.Row> totals = new ArrayList<>();
        totals.add(row(words.get("net"), amount(invoice.net(), currency, words) + " " + currency));
        totals.add(row(words.get("tax") + " " + invoice.taxName() + " " + percent(invoice.taxRatePpm(), words),
                amount(invoice.tax(), currency, words) + " " + currency));
        totals.add(row(words.get("gross"), amount(invoice.gross(), currency, words) + " " + currency));
        if (invoice.kind() == DocumentKind.INVOICE) {
            totals.add(row(words.get("paid"), amount(invoice.paid(), currency, words) + " " + currency));
            totals.add(row(words.get("credited"), amount(invoice.credited(), currency, words) + " " + currency));
            totals.add(row(words.get("outstanding"), amount(invoice.outstanding(), currency, words) + " " + currency));
        }
        if (invoice.reverseCharge()) {
            totals.add(row(words.get("reverseCharge"), ""));
        }
        tables.add(new ReportTable(words.get("totals"), List.of("", ""), totals));

        if (variant == InvoiceVariant.DETAIL) {
            List<ReportTable.Row> rows = new ArrayList<>();
            for (RatedCdr cdr : calls) {
                rows.add(new ReportTable.Row(List.of(cdr.startTime().toString(), cdr.callee(),
                        Long.toString(cdr.billedSeconds()), amount(cdr.cost(), currency, words)), false));
            }
            tables.add(new ReportTable(words.get("detail"), List.of(words.get("time"), words.get("callee"),
                    words.get("seconds"), words.get("cost")), rows));
        }
        String period = invoice.periodStart() + " - " + invoice.periodEnd().minusDays(1) + " (" + invoice.zone() + ")";
        return new ReportDocument(title(invoice, words), tenantName, period, tables);
    }

    public static byte[] pdf(ReportDocument document, InvoiceStrings words) {
        return PdfReport.render(document, words.get("tenant"), words.get("period"));
    }

    public static byte[] html(ReportDocument document, InvoiceStrings words) {
        StringBuilder html = new StringBuilder(4_096);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(Html.escape(document.title()))
                .append("</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
                        + "td.n{text-align:right}</style></head><body>\n<h1>").append(Html.escape(document.title()))
                .append("</h1>\n<p>").append(Html.escape(words.get("tenant"))).append(": ").append(Html.escape(document.tenantName()))
                .append("<br>").append(Html.escape(words.get("period"))).append(": ").append(Html.escape(document.period()))
                .append("</p>\n");
        for (ReportTable table : document.tables()) {
            html.append("<h2>").append(Html.escape(table.title())).append("</h2>\n<table>");
            if (table.columns().stream().anyMatch(c -> !c.isEmpty())) {
                html.append("<tr>");
                table.columns().forEach(c -> html.append("<th>").append(Html.escape(c)).append("</th>"));
                html.append("</tr>");
            }
            for (ReportTable.Row row : table.rows()) {
                html.append("<tr>");
                for (int i = 0; i < row.cells().size(); i++) {
                    html.append(i == 0 ? "<td>" : "<td class=\"n\">").append(Html.escape(row.cells().get(i))).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String title(Invoice invoice, InvoiceStrings words) {
        return words.get(invoice.kind() == DocumentKind.INVOICE ? "invoice" : "creditNote") + " " + invoice.number();
    }

    private static ReportTable.Row row(String key, String value) {
        return new ReportTable.Row(List.of(key, value), false);
    }

    /** Every micro of the amount, at least the currency's decimals, with the language's decimal separator. */
    public static String amount(Money money, String currency, InvoiceStrings words) {
        int decimals = InvoiceRun.precisionOf(currency).decimals();
        BigDecimal value = money.toBigDecimal().stripTrailingZeros();
        if (value.scale() < decimals) {
            value = value.setScale(decimals);
        }
        String plain = value.toPlainString();
        return words.decimalSeparator() == '.' ? plain : plain.replace('.', words.decimalSeparator());
    }

    private static String percent(long ppm, InvoiceStrings words) {
        String plain = BigDecimal.valueOf(ppm, 4).stripTrailingZeros().toPlainString();
        return (words.decimalSeparator() == '.' ? plain : plain.replace('.', words.decimalSeparator())) + "%";
    }

    /** The calls of no extension or department are a line of their own, named so. */
    private static String orUnassigned(String key, InvoiceStrings words) {
        return key.isEmpty() ? words.get("unassigned") : key;
    }
}
