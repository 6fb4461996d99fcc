package io.tollgrid.history.invoice;

import io.tollgrid.billing.period.BillingPeriod;
import io.tollgrid.billing.period.BillingProfile;
import io.tollgrid.billing.tax.TaxRule;
import io.tollgrid.billing.tax.TaxedInvoice;
import io.tollgrid.billing.tax.TaxedLine;
import io.tollgrid.billing.tax.Taxes;
import io.tollgrid.history.rollup.ReportPeriod;
import io.tollgrid.history.rollup.UsageReport;
import io.tollgrid.history.rollup.UsageReports;
import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invoice run of one account and one ended period: its usage by destination from the rollups
 * ({@link UsageReports}, exact in the tenant's zone), the product charges of the period from the ledger (given as
 * {@link ChargeLine}s: the caller reads the grid), the tenant's tax rule for the account's jurisdiction, then the
 * document stored and numbered by {@link InvoiceStore#issue}. A second run of the same (tenant, account, period)
 * returns the stored invoice and changes nothing, even if late CDRs or charges arrived since: those belong on a
 * credit note or the next period's invoice. Blocking.
 *
 * <p>Within one JVM, runs and credit notes go one at a time. Run concurrently on one driver session, they twice
 * broke its connection in a full build: the driver decoded a row past the end of its frame ("readerIndex + length
 * exceeds writerIndex", then {@code ClosedConnectionException} for every request on that connection), the shape of
 * a known race in the driver's cached result metadata that is not fixed upstream yet. Numbering across gateways
 * still rests on the counter's LWT ({@link InvoiceStore}), which the crash tests exercise.
 */
public final class InvoiceRun {
    /** The most lines (destinations plus charges) one invoice holds. */
    public static final int MAX_LINES = 5_000;

    private final UsageReports usage;
    private final InvoiceStore store;

    public InvoiceRun(UsageReports usage, InvoiceStore store) {
        this.usage = usage;
        this.store = store;
    }

    public InvoiceStore store() {
        return store;
    }

    /**
     * Issues (or finds) the account's invoice of the period.
     *
     * @param currency the account's currency; usage in any other is refused
     * @param charges  the account's ledger CHARGEs (any period: only those whose period starts in this one are billed)
     */
    public synchronized Invoice run(BillingProfile profile, BillingPeriod period, String currency, List<ChargeLine> charges,
                                    Instant now) {
        String tenantId = profile.tenantId();
        String accountId = profile.accountId();
        Optional<Invoice> existing = store.document(tenantId, accountId, period.key());
        if (existing.isPresent() && existing.get().numbered()) {
            return existing.get();
        }
        if (now.isBefore(period.endsAt())) {
            throw new InvoiceException("PERIOD_OPEN", "the period " + period.key() + " of " + accountId
                    + " ends at " + period.endsAt() + "; only ended periods are invoiced");
        }
        BillingPeriod own;
        try {
            own = profile.cycle().periodStarting(period.start());
        } catch (IllegalArgumentException e) {
            throw new InvoiceException("PERIOD_INVALID", e.getMessage());
        }
        if (!period.equals(own)) {
            throw new InvoiceException("PERIOD_INVALID", "not a period of " + accountId + "'s cycle: " + period.key());
        }
        TaxRule rule = store.taxRule(tenantId, profile.jurisdiction()).orElseThrow(() -> new InvoiceException(
                "TAX_RULE_MISSING", "tenant " + tenantId + " has no tax rule for " + profile.jurisdiction()));
        InvoiceSettings settings = store.settings(tenantId);
        Invoice draft = existing.orElseGet(() -> draft(profile, period, currency, charges, rule, settings, now));
        return store.issue(draft);
    }

    private Invoice draft(BillingProfile profile, BillingPeriod period, String currency, List<ChargeLine> charges,
                          TaxRule rule, InvoiceSettings settings, Instant now) {
        ReportPeriod report = new ReportPeriod(period.start(), period.end().minusDays(1), profile.cycle().zone());
        UsageReport used = usage.account(profile.tenantId(), profile.accountId(), report).toCompletableFuture().join();
        List<Priced> priced = new ArrayList<>();
        List<UsageReport.Line> usageLines = switch (settings.usageBy()) {
            case DESTINATION -> used.byDestination();
            case EXTENSION -> used.byExtension();
            case DEPARTMENT -> used.byDepartment();
        };
        for (UsageReport.Line line : usageLines) {
            if (!currency.equals(line.currency())) {
                throw new InvoiceException("CURRENCY_MISMATCH", profile.accountId() + " has calls in " + line.currency()
                        + ", its invoices are in " + currency);
            }
            priced.add(new Priced(settings.usageBy().lineKind(), line.key(), line.key(), line.usage().calls(),
                    line.usage().billedSeconds(), line.usage().cost()));
        }
        priced.sort(Comparator.comparing(Priced::key));
        charges.stream()
                .filter(charge -> !charge.periodStart().isBefore(period.start()) && charge.periodStart().isBefore(period.end()))
                .sorted(Comparator.comparing(ChargeLine::transferId))
                .forEach(charge -> priced.add(new Priced(LineKind.CHARGE, charge.transferId(), charge.description(),
                        0, 0, charge.amount())));
        if (priced.size() > MAX_LINES) {
            throw new InvoiceException("INVOICE_TOO_LARGE", "more than " + MAX_LINES + " lines for " + profile.accountId());
        }
        TaxedInvoice taxed = Taxes.apply(rule, priced.stream().map(Priced::amount).toList(), precisionOf(currency));
        List<InvoiceLine> lines = new ArrayList<>(priced.size());
        for (int i = 0; i < priced.size(); i++) {
            Priced p = priced.get(i);
            TaxedLine t = taxed.lines().isEmpty() ? null : taxed.lines().get(i);
            lines.add(t == null
                    ? new InvoiceLine(p.kind, p.key, p.description, p.calls, p.seconds, p.amount, p.amount, Money.ZERO, p.amount)
                    : new InvoiceLine(p.kind, p.key, p.description, p.calls, p.seconds, p.amount, t.net(), t.tax(), t.gross()));
        }
        Instant issuedAt = now.truncatedTo(ChronoUnit.MILLIS);
        return new Invoice(profile.tenantId(), profile.accountId(), period.key(), DocumentKind.INVOICE, 0, currency,
                profile.jurisdiction(), period.start(), period.end(), period.startsAt(), period.endsAt(),
                profile.cycle().zone().getId(), lines, taxed.net(), taxed.tax(), taxed.gross(), rule.name(),
                rule.rate().ppm(), rule.treatment().name(), rule.reverseCharge(), rule.rounding().name(), issuedAt,
                issuedAt.plus(settings.termsDays(), ChronoUnit.DAYS), false, Map.of(), Map.of(), null);
    }

    /**
     * A credit note of {@code amount} (gross, positive, at most what the invoice still owes) on an issued invoice,
     * numbered from the tenant's sequence and keyed {@code credit:<creditNoteId>}, so a repeat returns the first.
     * Its tax is the invoice's tax in the same proportion, rounded HALF_EVEN to the currency's precision
     * ({@code CREDIT_TAX_HALF_EVEN}); crediting the whole gross credits exactly the invoice's tax.
     */
    public synchronized Invoice creditNote(String tenantId, String accountId, String invoiceKey, String creditNoteId, Money amount,
                              String reason, Instant now) {
        if (creditNoteId == null || !creditNoteId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvoiceException("CREDIT_NOTE_INVALID", "a credit note id is 1-64 letters, digits, . _ -");
        }
        String key = "credit:" + creditNoteId;
        Optional<Invoice> existing = store.document(tenantId, accountId, key);
        if (existing.isPresent()) {
            Invoice note = existing.get();
            if (!invoiceKey.equals(note.creditOf()) || note.gross().negate().compareTo(amount) != 0) {
                throw new InvoiceException("CREDIT_NOTE_EXISTS", "credit note " + creditNoteId + " credits another"
                        + " invoice or amount");
            }
            Invoice issued = note.numbered() ? note : store.issue(note);
            store.recordCredit(issued);
            return issued;
        }
        Invoice invoice = store.document(tenantId, accountId, invoiceKey).filter(Invoice::numbered)
                .filter(i -> i.kind() == DocumentKind.INVOICE)
                .orElseThrow(() -> new InvoiceException("INVOICE_UNKNOWN", "no invoice " + invoiceKey));
        if (invoice.voided()) {
            throw new InvoiceException("INVOICE_VOID", "invoice " + invoice.number() + " is void");
        }
        if (amount.compareTo(Money.ZERO) <= 0 || amount.isGreaterThan(invoice.gross().minus(invoice.credited()))) {
            throw new InvoiceException("CREDIT_TOO_LARGE", "a credit is positive and at most what was invoiced and"
                    + " not yet credited, " + invoice.gross().minus(invoice.credited()).toPlainString());
        }
        Money tax = creditTax(invoice, amount);
        Money net = amount.minus(tax);
        String label = reason == null || reason.isBlank() ? "Credit" : reason.strip();
        if (label.length() > 200) {
            throw new InvoiceException("CREDIT_NOTE_INVALID", "a reason is at most 200 characters");
        }
        InvoiceLine line = new InvoiceLine(LineKind.CHARGE, key, label, 0, 0, amount.negate(), net.negate(),
                tax.negate(), amount.negate());
        Instant issuedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Invoice note = new Invoice(tenantId, accountId, key, DocumentKind.CREDIT_NOTE, 0, invoice.currency(),
                invoice.jurisdiction(), invoice.periodStart(), invoice.periodEnd(), invoice.startsAt(), invoice.endsAt(),
                invoice.zone(), List.of(line), net.negate(), tax.negate(), amount.negate(), invoice.taxName(),
                invoice.taxRatePpm(), invoice.taxTreatment(), invoice.reverseCharge(), invoice.taxRounding(), issuedAt,
                issuedAt, false, Map.of(), Map.of(), invoiceKey);
        Invoice issued = store.issue(note);
        store.recordCredit(issued);
        return issued;
    }

    static Money creditTax(Invoice invoice, Money amount) {
        if (invoice.gross().compareTo(Money.ZERO) == 0 || invoice.tax().compareTo(Money.ZERO) == 0) {
            return Money.ZERO;
        }
        long quantum = precisionOf(invoice.currency()).quantumMicros();
        java.math.BigDecimal exact = new java.math.BigDecimal(BigInteger.valueOf(invoice.tax().micros())
                .multiply(BigInteger.valueOf(amount.micros())))
                .divide(new java.math.BigDecimal(BigInteger.valueOf(invoice.gross().micros())
                        .multiply(BigInteger.valueOf(quantum))), 0, java.math.RoundingMode.HALF_EVEN);
        return Money.ofMicros(exact.longValueExact() * quantum);
    }

    /** A currency's precision: its ISO 4217 minor units (2 for EUR, 0 for JPY), 2 for a code Java does not know. */
    public static CurrencyPrecision precisionOf(String currency) {
        try {
            int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
            return new CurrencyPrecision(digits < 0 ? 2 : Math.min(digits, Money.SCALE));
        } catch (IllegalArgumentException e) {
            return new CurrencyPrecision(2);
        }
    }

    private record Priced(LineKind kind, String key, String description, long calls, long seconds, Money amount) {
    }
}
