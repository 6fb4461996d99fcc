package io.tollgrid.gateway.reports;

import io.tollgrid.gateway.http.ApiException;

import java.util.Locale;

/** How a report is answered: by {@code format=}, else by the Accept header, else JSON. */
public enum ReportFormat {
    JSON("application/json", "json"),
    CSV("text/csv; charset=utf-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    PDF("application/pdf", "pdf");

    private final String contentType;
    private final String extension;

    ReportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    public static ReportFormat choose(String format, String accept) {
        if (format != null) {
            try {
                return valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("'format' is one of json, csv, xlsx, pdf: " + format);
            }
        }
        if (accept != null) {
            for (ReportFormat candidate : new ReportFormat[] {XLSX, PDF, CSV, JSON}) {
                if (accept.contains(candidate.contentType.split(";")[0])) {
                    return candidate;
                }
            }
        }
        return JSON;
    }
}
