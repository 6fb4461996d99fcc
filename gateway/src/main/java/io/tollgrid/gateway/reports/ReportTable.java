package io.tollgrid.gateway.reports;

import java.util.List;
import java.util.Objects;

/**
 * One section of a report as every tabular format shows it: a title, column names and rows of text, each row
 * perhaps highlighted (a call over a threshold in it).
 */
public record ReportTable(String title, List<String> columns, List<Row> rows) {
    public ReportTable {
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (Row row : rows) {
            if (row.cells().size() != columns.size()) {
                throw new IllegalArgumentException(title + ": a row of " + row.cells().size() + " cells under "
                        + columns.size() + " columns");
            }
        }
    }

    public record Row(List<String> cells, boolean highlight) {
        public Row {
            cells = List.copyOf(cells);
        }
    }
}
