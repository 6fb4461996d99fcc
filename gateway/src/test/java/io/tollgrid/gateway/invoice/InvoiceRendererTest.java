package io.tollgrid.gateway.invoice;

import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.invoice.DocumentKind;
import io.tollgrid.history.invoice.Invoice;
import io.tollgrid.history.invoice.InvoiceLine;
import io.tollgrid.history.invoice.LineKind;
import io.tollgrid.money.Money;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendering: exact amounts in the PDF's text, German words and separators, a tenant's override, HTML escaping. */
class InvoiceRendererTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T08:00:00Z");

    private static Invoice invoice(String description) {
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(LineKind.USAGE, "44", "44", 3, 661, Money.parse("1.128462"), Money.parse("1.128462"),
                        Money.parse("0.23"), Money.parse("1.358462")),
                new InvoiceLine(LineKind.CHARGE, "charge:fee:2026-11-01", description, 0, 0, Money.parse("9.99"),
                        Money.parse("9.99"), Money.parse("2"), Money.parse("11.99")));
        return new Invoice("t", "acc-1", "2026-11-01", DocumentKind.INVOICE, 7, "EUR", "BG", LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 12, 1), Instant.parse("2026-10-31T22:00:00Z"), Instant.parse("2026-11-30T22:00:00Z"),
                "Europe/Sofia", lines, Money.parse("11.118462"), Money.parse("2.23"), Money.parse("13.348462"), "VAT",
                200_000, "EXCLUSIVE", false, "PER_LINE_HALF_UP", ISSUED, ISSUED.plusSeconds(14 * 86_400L), false,
                Map.of("pay-1", 5_000_000L), Map.of(), null);
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void aSummaryPdfCarriesEveryAmountToTheMicro() throws Exception {
        InvoiceStrings en = new InvoiceStrings("en", Map.of());
        String text = text(InvoiceRenderer.pdf(InvoiceRenderer.document(invoice("Monthly fee"), "Acme", en,
                InvoiceVariant.SUMMARY, List.of(), ISSUED), en));
        assertTrue(text.contains("Invoice 7"), text);
        assertTrue(text.contains("From: Acme"), text);
        assertTrue(text.contains("Period: 2026-11-01 - 2026-11-30 (Europe/Sofia)"), text);
        assertTrue(text.contains("Calls to 44 3 661 1.128462 0.23 1.358462"), text);
        assertTrue(text.contains("Monthly fee 0 0 9.99 2.00 11.99"), text);
        assertTrue(text.contains("Net 11.118462 EUR"), text);
        assertTrue(text.contains("Tax VAT 20% 2.23 EUR"), text);
        assertTrue(text.contains("Total 13.348462 EUR"), text);
        assertTrue(text.contains("Paid 5.00 EUR"), text);
        assertTrue(text.contains("Outstanding 8.348462 EUR"), text);
        assertTrue(text.contains("Due 2026-12-15"), text);
    }

    @Test
    void germanWordsAndCommasAndATenantsOverride() throws Exception {
        InvoiceStrings de = new InvoiceStrings("de", Map.of("invoice", "Abrechnung"));
        RatedCdr call = new RatedCdr("t", "acc-1", "c1", "1001", "4420712345", Instant.parse("2026-11-14T10:00:00Z"),
                Instant.parse("2026-11-14T10:00:02Z"), Instant.parse("2026-11-14T10:10:02Z"), 600, 600, "ANSWERED",
                "retail/44@v1", Money.parse("1.005005"), "EUR", "test", "");
        String text = text(InvoiceRenderer.pdf(InvoiceRenderer.document(invoice("Grundgeb\u00fchr"), "Acme", de,
                InvoiceVariant.DETAIL, List.of(call), ISSUED.plusSeconds(40 * 86_400L)), de));
        assertTrue(text.contains("Abrechnung 7"), text);
        assertTrue(text.contains("Grundgeb\u00fchr 0 0 9,99 2,00 11,99"), text);
        assertTrue(text.contains("Gesamt 13,348462 EUR"), text);
        assertTrue(text.contains("Status \u00fcberf\u00e4llig"), text);
        assertTrue(text.contains("Einzelverbindungen"), text);
        assertTrue(text.contains("2026-11-14T10:00:00Z 4420712345 600 1,005005"), text);
        assertThrows(IllegalArgumentException.class, () -> new InvoiceStrings("en", Map.of("nonsense", "x")));
    }

    @Test
    void htmlEscapesWhatTheTenantWrote() {
        InvoiceStrings en = new InvoiceStrings("en", Map.of());
        String html = new String(InvoiceRenderer.html(InvoiceRenderer.document(invoice("<script>alert(1)</script>"),
                "A & B", en, InvoiceVariant.SUMMARY, List.of(), ISSUED), en), StandardCharsets.UTF_8);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("From: A &amp; B"), html);
        assertTrue(html.contains("<td class=\"n\">13.348462 EUR</td>"), html);
    }

    @Test
    void usageLinesByExtensionOrDepartmentAreNamedSoAndTheCallsOfNoneToo() {
        Invoice base = invoice("Fee");
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(LineKind.EXTENSION_USAGE, "", "", 1, 60, Money.parse("0.1"), Money.parse("0.1"), Money.ZERO,
                        Money.parse("0.1")),
                new InvoiceLine(LineKind.EXTENSION_USAGE, "101", "101", 2, 120, Money.parse("0.2"), Money.parse("0.2"),
                        Money.ZERO, Money.parse("0.2")),
                new InvoiceLine(LineKind.DEPARTMENT_USAGE, "Sales", "Sales", 2, 120, Money.parse("0.2"), Money.parse("0.2"),
                        Money.ZERO, Money.parse("0.2")));
        Invoice byExtension = new Invoice(base.tenantId(), base.accountId(), base.documentKey(), base.kind(), base.number(),
                base.currency(), base.jurisdiction(), base.periodStart(), base.periodEnd(), base.startsAt(), base.endsAt(),
                base.zone(), lines, Money.parse("0.5"), Money.ZERO, Money.parse("0.5"), base.taxName(), base.taxRatePpm(),
                base.taxTreatment(), base.reverseCharge(), base.taxRounding(), base.issuedAt(), base.dueAt(), false,
                Map.of(), Map.of(), null);
        InvoiceStrings de = new InvoiceStrings("de", Map.of());
        String html = new String(InvoiceRenderer.html(InvoiceRenderer.document(byExtension, "A", de,
                InvoiceVariant.SUMMARY, List.of(), ISSUED), de), StandardCharsets.UTF_8);
        assertTrue(html.contains("Anrufe der Nebenstelle (keine)"), html);
        assertTrue(html.contains("Anrufe der Nebenstelle 101"), html);
        assertTrue(html.contains("Anrufe der Abteilung Sales"), html);
    }
}
