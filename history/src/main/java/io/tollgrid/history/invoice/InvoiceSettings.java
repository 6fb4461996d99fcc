package io.tollgrid.history.invoice;

import java.util.Map;
import java.util.Objects;

/**
 * A tenant's invoice settings: the language its invoices are rendered in ({@code en}, {@code de}), its payment terms
 * (days from issue to due) and its overrides of the rendering's strings (key to text, e.g. {@code title} to
 * "Rechnung"). At most {@value #MAX_STRINGS} overrides of at most {@value #MAX_STRING} characters. {@code usageBy}: what
 * the usage lines of its invoices total calls by (the PBX accounting seed's summary bill totals by extension or
 * department).
 */
public record InvoiceSettings(String tenantId, String language, int termsDays, Map<String, String> strings,
                              UsageBy usageBy) {
    public static final int MAX_STRINGS = 100;
    public static final int MAX_STRING = 500;

    /** What an invoice's usage lines total calls by; each has its own line kind, so a rendering names it. */
    public enum UsageBy {
        DESTINATION(LineKind.USAGE), EXTENSION(LineKind.EXTENSION_USAGE), DEPARTMENT(LineKind.DEPARTMENT_USAGE);

        private final LineKind lineKind;

        UsageBy(LineKind lineKind) {
            this.lineKind = lineKind;
        }

        public LineKind lineKind() {
            return lineKind;
        }
    }

    /** Settings whose invoices total usage by destination. */
    public InvoiceSettings(String tenantId, String language, int termsDays, Map<String, String> strings) {
        this(tenantId, language, termsDays, strings, UsageBy.DESTINATION);
    }

    public InvoiceSettings {
        Objects.requireNonNull(tenantId, "tenantId");
        if (language == null || !language.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("a language is a two-letter ISO 639-1 code: " + language);
        }
        if (termsDays < 0 || termsDays > 365) {
            throw new IllegalArgumentException("payment terms are 0 to 365 days: " + termsDays);
        }
        usageBy = usageBy == null ? UsageBy.DESTINATION : usageBy;
        strings = Map.copyOf(strings == null ? Map.of() : strings);
        if (strings.size() > MAX_STRINGS || strings.values().stream().anyMatch(s -> s.length() > MAX_STRING)) {
            throw new IllegalArgumentException("at most " + MAX_STRINGS + " strings of " + MAX_STRING + " characters");
        }
    }

    public static InvoiceSettings defaults(String tenantId) {
        return new InvoiceSettings(tenantId, "en", 14, Map.of());
    }
}
