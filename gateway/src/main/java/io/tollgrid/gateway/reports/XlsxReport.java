package io.tollgrid.gateway.reports;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * A report as an Excel workbook (fastexcel): a first sheet with the report, tenant and period, then one sheet per
 * section. Counts, seconds and money are numbers (money exact, from its decimal text), so they can be summed;
 * highlighted rows are filled red and bold.
 */
final class XlsxReport {
    static final String HIGHLIGHT_FILL = "FFC7CE";

    private XlsxReport() {
    }

    static byte[] render(ReportDocument document) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(bytes, "Tollgrid", "1.0");
            Worksheet head = workbook.newWorksheet("Report");
            head.value(0, 0, "report");
            head.value(0, 1, document.title());
            head.value(1, 0, "tenant");
            head.value(1, 1, document.tenantName());
            head.value(2, 0, "period");
            head.value(2, 1, document.period());
            head.width(1, 50);
            Set<String> names = new HashSet<>();
            for (ReportTable table : document.tables()) {
                Worksheet sheet = workbook.newWorksheet(sheetName(table.title(), names));
                for (int column = 0; column < table.columns().size(); column++) {
                    sheet.value(0, column, table.columns().get(column));
                }
                sheet.range(0, 0, 0, table.columns().size() - 1).style().bold().set();
                int row = 1;
                for (ReportTable.Row line : table.rows()) {
                    for (int column = 0; column < line.cells().size(); column++) {
                        cell(sheet, row, column, line.cells().get(column));
                    }
                    if (line.highlight()) {
                        sheet.range(row, 0, row, line.cells().size() - 1).style().bold().fillColor(HIGHLIGHT_FILL).set();
                    }
                    row++;
                }
                sheet.width(0, 14);
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The first column is a key (an hour "07" stays text); any other cell that is a decimal is a number. */
    private static void cell(Worksheet sheet, int row, int column, String text) {
        if (column > 0 && !text.isEmpty() && text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            sheet.value(row, column, new BigDecimal(text));
        } else {
            sheet.value(row, column, text);
        }
    }

    /** Excel's sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
    private static String sheetName(String title, Set<String> taken) {
        String base = title.replaceAll("[\\[\\]:*?/\\\\]", "-");
        base = base.length() > 28 ? base.substring(0, 28) : base;
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + " " + n;
        }
        return name;
    }
}
