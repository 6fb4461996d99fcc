package io.tollgrid.gateway.reports;

import java.util.List;
import java.util.Objects;

/**
 * A report as rendered: its title, the tenant's name, the period line and its sections.
 *
 * @param period how the period reads on the document, e.g. "2026-03-01 to 2026-03-31 (Europe/Sofia)"
 */
public record ReportDocument(String title, String tenantName, String period, List<ReportTable> tables) {
    public ReportDocument {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(tenantName, "tenantName");
        Objects.requireNonNull(period, "period");
        tables = List.copyOf(tables);
    }

    /** The name of a file of this report, without its extension: only letters, digits, - and _. */
    public String fileName() {
        return (title + "-" + period.split(" \\(")[0]).replaceAll("[^A-Za-z0-9_-]+", "-");
    }
}
