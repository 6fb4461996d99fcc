package io.tollgrid.gateway.invoice;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The words on a rendered invoice, per language, which a tenant overrides key by key (its
 * {@code InvoiceSettings.strings}). Built in: English ({@code en}) and German ({@code de}); any other language
 * falls back to English for the keys the tenant has not given.
 */
public final class InvoiceStrings {
    static final Map<String, String> EN = Map.ofEntries(
            Map.entry("invoice", "Invoice"), Map.entry("creditNote", "Credit note"), Map.entry("tenant", "From"),
            Map.entry("account", "Account"), Map.entry("period", "Period"), Map.entry("issued", "Issued"),
            Map.entry("due", "Due"), Map.entry("status", "Status"), Map.entry("lines", "Charges"),
            Map.entry("description", "Description"), Map.entry("calls", "Calls"), Map.entry("seconds", "Seconds"),
            Map.entry("net", "Net"), Map.entry("tax", "Tax"), Map.entry("gross", "Total"),
            Map.entry("totals", "Totals"), Map.entry("paid", "Paid"), Map.entry("credited", "Credited"),
            Map.entry("outstanding", "Outstanding"), Map.entry("callsTo", "Calls to"),
            Map.entry("callsOfExtension", "Calls of extension"), Map.entry("callsOfDepartment", "Calls of department"),
            Map.entry("unassigned", "(none)"),
            Map.entry("detail", "Calls"), Map.entry("time", "Start (UTC)"), Map.entry("callee", "Number"),
            Map.entry("cost", "Cost"), Map.entry("reverseCharge", "Reverse charge: the customer accounts for the tax"),
            Map.entry("creditOf", "Credits invoice"), Map.entry("ISSUED", "issued"), Map.entry("PAID", "paid"),
            Map.entry("OVERDUE", "overdue"), Map.entry("VOID", "void"));
    static final Map<String, String> DE = Map.ofEntries(
            Map.entry("invoice", "Rechnung"), Map.entry("creditNote", "Gutschrift"), Map.entry("tenant", "Von"),
            Map.entry("account", "Konto"), Map.entry("period", "Zeitraum"), Map.entry("issued", "Ausgestellt"),
            Map.entry("due", "F\u00e4llig"), Map.entry("status", "Status"), Map.entry("lines", "Positionen"),
            Map.entry("description", "Beschreibung"), Map.entry("calls", "Anrufe"), Map.entry("seconds", "Sekunden"),
            Map.entry("net", "Netto"), Map.entry("tax", "Steuer"), Map.entry("gross", "Gesamt"),
            Map.entry("totals", "Summen"), Map.entry("paid", "Bezahlt"), Map.entry("credited", "Gutgeschrieben"),
            Map.entry("outstanding", "Offen"), Map.entry("callsTo", "Anrufe nach"),
            Map.entry("callsOfExtension", "Anrufe der Nebenstelle"), Map.entry("callsOfDepartment", "Anrufe der Abteilung"),
            Map.entry("unassigned", "(keine)"),
            Map.entry("detail", "Einzelverbindungen"), Map.entry("time", "Beginn (UTC)"), Map.entry("callee", "Nummer"),
            Map.entry("cost", "Kosten"), Map.entry("reverseCharge", "Steuerschuldnerschaft des Leistungsempf\u00e4ngers"),
            Map.entry("creditOf", "Gutschrift zu Rechnung"), Map.entry("ISSUED", "ausgestellt"),
            Map.entry("PAID", "bezahlt"), Map.entry("OVERDUE", "\u00fcberf\u00e4llig"), Map.entry("VOID", "storniert"));

    /** The keys a tenant may override. */
    public static final Set<String> KEYS = EN.keySet();

    private final String language;
    private final Map<String, String> strings;

    public InvoiceStrings(String language, Map<String, String> overrides) {
        this.language = language;
        Map<String, String> merged = new HashMap<>(EN);
        if ("de".equals(language)) {
            merged.putAll(DE);
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            if (!KEYS.contains(override.getKey())) {
                throw new IllegalArgumentException("not an invoice string: " + override.getKey());
            }
            merged.put(override.getKey(), override.getValue());
        }
        this.strings = Map.copyOf(merged);
    }

    public String get(String key) {
        String value = strings.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no invoice string " + key);
        }
        return value;
    }

    /** The decimal separator of the language: a comma for de, a point otherwise. */
    public char decimalSeparator() {
        return "de".equals(language) ? ',' : '.';
    }
}
