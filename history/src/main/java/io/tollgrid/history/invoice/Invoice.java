package io.tollgrid.history.invoice;

import io.tollgrid.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An invoice or a credit note as stored. An invoice's {@code documentKey} is its period's first date (so the run
 * for (tenant, account, period) always lands on one row); a credit note's is {@code credit:<creditNoteId>}, and
 * {@code creditOf} names the invoice's key. {@code number} is 0 until the document is numbered (a draft a crash
 * left, which the next run numbers). A credit note's amounts are negative.
 *
 * @param payments payment id to the micros it settled of this invoice
 * @param credits  credit note key to the gross micros it credited on this invoice
 */
public record Invoice(String tenantId, String accountId, String documentKey, DocumentKind kind, long number,
                      String currency, String jurisdiction, LocalDate periodStart, LocalDate periodEnd,
                      Instant startsAt, Instant endsAt, String zone, List<InvoiceLine> lines, Money net, Money tax,
                      Money gross, String taxName, long taxRatePpm, String taxTreatment, boolean reverseCharge,
                      String taxRounding, Instant issuedAt, Instant dueAt, boolean voided, Map<String, Long> payments,
                      Map<String, Long> credits, String creditOf) {
    public Invoice {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(documentKey, "documentKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        lines = List.copyOf(lines);
        payments = java.util.Collections.unmodifiableMap(new TreeMap<>(payments == null ? Map.of() : payments));
        credits = java.util.Collections.unmodifiableMap(new TreeMap<>(credits == null ? Map.of() : credits));
        if (number < 0) {
            throw new IllegalArgumentException("an invoice number is positive once taken: " + number);
        }
        if (net.plus(tax).compareTo(gross) != 0) {
            throw new IllegalStateException(documentKey + ": net " + net + " + tax " + tax + " is not gross " + gross);
        }
        if ((kind == DocumentKind.CREDIT_NOTE) != (creditOf != null)) {
            throw new IllegalArgumentException("a credit note, and only a credit note, names the invoice it credits");
        }
    }

    public boolean numbered() {
        return number > 0;
    }

    /** What payments settled of it. */
    public Money paid() {
        return Money.ofMicros(payments.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact));
    }

    /** What credit notes took off it. */
    public Money credited() {
        return Money.ofMicros(credits.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact));
    }

    /** What is still owed: gross less payments and credits, never below zero; nothing for a void invoice or a credit note. */
    public Money outstanding() {
        if (voided || kind == DocumentKind.CREDIT_NOTE) {
            return Money.ZERO;
        }
        return Money.max(Money.ZERO, gross.minus(paid()).minus(credited()));
    }

    public InvoiceStatus status(Instant now) {
        if (voided) {
            return InvoiceStatus.VOID;
        }
        if (kind == DocumentKind.CREDIT_NOTE) {
            return InvoiceStatus.ISSUED;
        }
        if (outstanding().compareTo(Money.ZERO) == 0) {
            return InvoiceStatus.PAID;
        }
        return now.isBefore(dueAt) ? InvoiceStatus.ISSUED : InvoiceStatus.OVERDUE;
    }

    /** Totals of the lines, for checking a stored invoice against its lines. */
    public Money linesGross() {
        return lines.stream().map(InvoiceLine::gross).reduce(Money.ZERO, Money::plus);
    }
}
