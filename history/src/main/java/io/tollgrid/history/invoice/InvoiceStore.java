package io.tollgrid.history.invoice;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingProfile;
import io.tollgrid.billing.period.Cadence;
import io.tollgrid.billing.tax.TaxRounding;
import io.tollgrid.billing.tax.TaxRule;
import io.tollgrid.billing.tax.TaxTreatment;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invoices, credit notes, their gapless numbers, payments' allocations, and the settings the run reads (billing
 * profiles, tax rules, a tenant's invoice settings), in the CDR store's keyspace. Blocking: call it off any event loop.
 *
 * <p><b>Gapless numbers.</b> A document is first written as a numberless draft under its deterministic key,
 * (tenant, account, period) for an invoice, with {@code IF NOT EXISTS}. Only then is a number taken, by a
 * lightweight transaction on the tenant's counter row that also records which document took it
 * ({@code next = N + 1, last = key IF next = N}). Whoever reads the counter next first writes number N onto that
 * last document (an idempotent write of a value fixed by the counter row), then takes N + 1. So a crash after
 * the LWT and before the number reached the document leaves no gap: the next run of anything in the tenant, or a
 * re-run of the same document, finishes it. A document is never numbered twice: a runner reads the counter, then
 * its own row; if its row had been numbered before that counter state, either it is the counter's last document
 * (finished, then found numbered) or a later number was taken only after it was finished, so the row shows it.
 * (docs/back-office.md, "Invoices", says why this rather than a grid transaction.)
 */
public final class InvoiceStore {
    /** Numbers per partition of {@code invoices_by_number}: a tenant's listing never grows one partition without bound. */
    static final long NUMBERS_PER_BUCKET = 100_000;
    /** Attempts at taking a number before giving up (each lost LWT means another document took one). */
    static final int MAX_NUMBER_ATTEMPTS = 200;
    /** The most documents one account listing returns. */
    public static final int MAX_LIST = 1_000;
    /** The most payments an account's allocation considers open invoices of. */
    static final int MAX_OPEN_INVOICES = 1_000;

    private static final TupleType LINE = DataTypes.tupleOf(DataTypes.TEXT, DataTypes.TEXT, DataTypes.TEXT,
            DataTypes.BIGINT, DataTypes.BIGINT, DataTypes.BIGINT, DataTypes.BIGINT, DataTypes.BIGINT, DataTypes.BIGINT);
    private static final String COLUMNS = "tenant_id, account_id, doc_key, kind, currency, jurisdiction, period_start,"
            + " period_end, starts_at, ends_at, zone, lines, net_micros, tax_micros, gross_micros, tax_name, tax_rate_ppm,"
            + " tax_treatment, reverse_charge, tax_rounding, issued_at, due_at, credit_of";

    private final CqlSession session;
    private final PreparedStatement insertDraft;
    private final PreparedStatement selectDocument;
    private final PreparedStatement selectAccount;
    private final PreparedStatement setNumber;
    private final PreparedStatement insertByNumber;
    private final PreparedStatement selectByNumber;
    private final PreparedStatement selectCounter;
    private final PreparedStatement insertCounter;
    private final PreparedStatement advanceCounter;
    private final PreparedStatement setVoided;
    private final PreparedStatement setPayment;
    private final PreparedStatement setCredit;
    private final PreparedStatement insertPayment;
    private final PreparedStatement selectPayment;
    private final PreparedStatement putProfile;
    private final PreparedStatement selectProfile;
    private final PreparedStatement selectProfiles;
    private final PreparedStatement putTaxRule;
    private final PreparedStatement selectTaxRule;
    private final PreparedStatement putSettings;
    private final PreparedStatement selectSettings;

    private InvoiceStore(CqlSession session, String ks) {
        this.session = session;
        this.insertDraft = session.prepare("INSERT INTO " + ks + ".invoices (" + COLUMNS + ") VALUES ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.selectDocument = session.prepare("SELECT * FROM " + ks + ".invoices WHERE tenant_id = ? AND account_id = ?"
                + " AND doc_key = ?");
        this.selectAccount = session.prepare("SELECT * FROM " + ks + ".invoices WHERE tenant_id = ? AND account_id = ?"
                + " LIMIT " + (MAX_LIST + 1));
        this.setNumber = session.prepare("UPDATE " + ks + ".invoices SET number = ? WHERE tenant_id = ? AND account_id = ?"
                + " AND doc_key = ?");
        this.insertByNumber = session.prepare("INSERT INTO " + ks + ".invoices_by_number (tenant_id, bucket, number,"
                + " account_id, doc_key) VALUES (?, ?, ?, ?, ?)");
        this.selectByNumber = session.prepare("SELECT account_id, doc_key FROM " + ks + ".invoices_by_number"
                + " WHERE tenant_id = ? AND bucket = ? AND number = ?");
        this.selectCounter = session.prepare("SELECT next, last_account, last_doc FROM " + ks + ".invoice_counters"
                + " WHERE tenant_id = ?");
        this.insertCounter = session.prepare("INSERT INTO " + ks + ".invoice_counters (tenant_id, next, last_account,"
                + " last_doc) VALUES (?, 2, ?, ?) IF NOT EXISTS");
        this.advanceCounter = session.prepare("UPDATE " + ks + ".invoice_counters SET next = ?, last_account = ?,"
                + " last_doc = ? WHERE tenant_id = ? IF next = ?");
        this.setVoided = session.prepare("UPDATE " + ks + ".invoices SET voided = true WHERE tenant_id = ?"
                + " AND account_id = ? AND doc_key = ?");
        this.setPayment = session.prepare("UPDATE " + ks + ".invoices SET payments[?] = ? WHERE tenant_id = ?"
                + " AND account_id = ? AND doc_key = ?");
        this.setCredit = session.prepare("UPDATE " + ks + ".invoices SET credits[?] = ? WHERE tenant_id = ?"
                + " AND account_id = ? AND doc_key = ?");
        this.insertPayment = session.prepare("INSERT INTO " + ks + ".invoice_payments (tenant_id, payment_id, account_id,"
                + " amount_micros, allocations, at) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.selectPayment = session.prepare("SELECT * FROM " + ks + ".invoice_payments WHERE tenant_id = ?"
                + " AND payment_id = ?");
        this.putProfile = session.prepare("INSERT INTO " + ks + ".billing_profiles (tenant_id, account_id, cadence,"
                + " anchor_day, zone, jurisdiction) VALUES (?, ?, ?, ?, ?, ?)");
        this.selectProfile = session.prepare("SELECT * FROM " + ks + ".billing_profiles WHERE tenant_id = ?"
                + " AND account_id = ?");
        this.selectProfiles = session.prepare("SELECT * FROM " + ks + ".billing_profiles WHERE tenant_id = ?");
        this.putTaxRule = session.prepare("INSERT INTO " + ks + ".tax_rules (tenant_id, jurisdiction, name, rate_ppm,"
                + " treatment, reverse_charge, rounding) VALUES (?, ?, ?, ?, ?, ?, ?)");
        this.selectTaxRule = session.prepare("SELECT * FROM " + ks + ".tax_rules WHERE tenant_id = ? AND jurisdiction = ?");
        this.putSettings = session.prepare("INSERT INTO " + ks + ".invoice_settings (tenant_id, language, terms_days,"
                + " strings, usage_by) VALUES (?, ?, ?, ?, ?)");
        this.selectSettings = session.prepare("SELECT * FROM " + ks + ".invoice_settings WHERE tenant_id = ?");
    }

    /** Creates the invoice tables if missing (in the CDR store's keyspace), then prepares the statements. */
    public static InvoiceStore open(CqlSession session, String keyspace) {
        String ks = keyspace;
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".invoices (tenant_id text, account_id text, doc_key text,"
                + " kind text, number bigint, currency text, jurisdiction text, period_start date, period_end date,"
                + " starts_at timestamp, ends_at timestamp, zone text,"
                + " lines list<frozen<tuple<text, text, text, bigint, bigint, bigint, bigint, bigint, bigint>>>,"
                + " net_micros bigint, tax_micros bigint, gross_micros bigint, tax_name text, tax_rate_ppm bigint,"
                + " tax_treatment text, reverse_charge boolean, tax_rounding text, issued_at timestamp, due_at timestamp,"
                + " voided boolean, payments map<text, bigint>, credits map<text, bigint>, credit_of text,"
                + " PRIMARY KEY ((tenant_id, account_id), doc_key))");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".invoices_by_number (tenant_id text, bucket bigint,"
                + " number bigint, account_id text, doc_key text, PRIMARY KEY ((tenant_id, bucket), number))");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".invoice_counters (tenant_id text PRIMARY KEY,"
                + " next bigint, last_account text, last_doc text)");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".invoice_payments (tenant_id text, payment_id text,"
                + " account_id text, amount_micros bigint, allocations map<text, bigint>, at timestamp,"
                + " PRIMARY KEY ((tenant_id), payment_id))");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".billing_profiles (tenant_id text, account_id text,"
                + " cadence text, anchor_day int, zone text, jurisdiction text, PRIMARY KEY ((tenant_id), account_id))");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".tax_rules (tenant_id text, jurisdiction text, name text,"
                + " rate_ppm bigint, treatment text, reverse_charge boolean, rounding text,"
                + " PRIMARY KEY ((tenant_id), jurisdiction))");
        session.execute("CREATE TABLE IF NOT EXISTS " + ks + ".invoice_settings (tenant_id text PRIMARY KEY,"
                + " language text, terms_days int, strings map<text, text>)");
        // Added with usage by extension or department; null in settings stored before, read as DESTINATION.
        io.tollgrid.history.CqlColumns.add(session, ks, "invoice_settings", "usage_by", "text");
        session.checkSchemaAgreement();
        return new InvoiceStore(session, ks);
    }

    // ---- settings the run reads ----

    public void putProfile(BillingProfile profile) {
        BillingCycle cycle = profile.cycle();
        session.execute(putProfile.bind(profile.tenantId(), profile.accountId(), cycle.cadence().name(),
                cycle.anchorDay(), cycle.zone().getId(), profile.jurisdiction()));
    }

    public Optional<BillingProfile> profile(String tenantId, String accountId) {
        Row row = session.execute(selectProfile.bind(tenantId, accountId)).one();
        return Optional.ofNullable(row).map(InvoiceStore::profileOf);
    }

    /** The tenant's profiled accounts, at most {@code limit} (more fails loudly, never cut off). */
    public List<BillingProfile> profiles(String tenantId, int limit) {
        List<BillingProfile> found = new ArrayList<>();
        for (Row row : session.execute(selectProfiles.bind(tenantId).setPageSize(1_000))) {
            if (found.size() == limit) {
                throw new InvoiceException("RUN_TOO_LARGE", "tenant " + tenantId + " has more than " + limit
                        + " billed accounts; run them by account");
            }
            found.add(profileOf(row));
        }
        return found;
    }

    private static BillingProfile profileOf(Row row) {
        return new BillingProfile(row.getString("tenant_id"), row.getString("account_id"),
                new BillingCycle(Cadence.valueOf(row.getString("cadence")), row.getInt("anchor_day"),
                        ZoneId.of(row.getString("zone"))), row.getString("jurisdiction"));
    }

    public void putTaxRule(TaxRule rule) {
        session.execute(putTaxRule.bind(rule.tenantId(), rule.jurisdiction(), rule.name(), rule.rate().ppm(),
                rule.treatment().name(), rule.reverseCharge(), rule.rounding().name()));
    }

    public Optional<TaxRule> taxRule(String tenantId, String jurisdiction) {
        Row row = session.execute(selectTaxRule.bind(tenantId, jurisdiction)).one();
        return Optional.ofNullable(row).map(r -> new TaxRule(tenantId, jurisdiction, r.getString("name"),
                new Percentage(r.getLong("rate_ppm")), TaxTreatment.valueOf(r.getString("treatment")),
                r.getBoolean("reverse_charge"), TaxRounding.named(r.getString("rounding"))));
    }

    public void putSettings(InvoiceSettings settings) {
        session.execute(putSettings.bind(settings.tenantId(), settings.language(), settings.termsDays(),
                settings.strings(), settings.usageBy().name()));
    }

    /** The tenant's settings, or the defaults (English, 14 days) when it has none. */
    public InvoiceSettings settings(String tenantId) {
        Row row = session.execute(selectSettings.bind(tenantId)).one();
        if (row == null) {
            return InvoiceSettings.defaults(tenantId);
        }
        String usageBy = row.getString("usage_by");
        return new InvoiceSettings(tenantId, row.getString("language"), row.getInt("terms_days"),
                row.getMap("strings", String.class, String.class),
                usageBy == null ? InvoiceSettings.UsageBy.DESTINATION : InvoiceSettings.UsageBy.valueOf(usageBy));
    }

    // ---- documents ----

    public Optional<Invoice> document(String tenantId, String accountId, String documentKey) {
        Row row = session.execute(selectDocument.bind(tenantId, accountId, documentKey)
                .setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(InvoiceStore::invoiceOf);
    }

    /** The tenant's document with this number, if any. */
    public Optional<Invoice> byNumber(String tenantId, long number) {
        if (number <= 0) {
            return Optional.empty();
        }
        Row row = session.execute(selectByNumber.bind(tenantId, number / NUMBERS_PER_BUCKET, number)).one();
        if (row == null) {
            return Optional.empty();
        }
        return document(tenantId, row.getString("account_id"), row.getString("doc_key"));
    }

    /** The account's numbered documents, oldest number first. */
    public List<Invoice> ofAccount(String tenantId, String accountId) {
        List<Invoice> found = new ArrayList<>();
        for (Row row : session.execute(selectAccount.bind(tenantId, accountId))) {
            Invoice invoice = invoiceOf(row);
            if (invoice.numbered()) {
                found.add(invoice);
            }
        }
        if (found.size() > MAX_LIST) {
            throw new InvoiceException("LIST_TOO_LARGE", "more than " + MAX_LIST + " documents for " + accountId);
        }
        found.sort(java.util.Comparator.comparingLong(Invoice::number));
        return found;
    }

    /**
     * Writes the draft unless the key already holds a document, then numbers whichever is stored; returns the
     * stored document, numbered. A re-run finds the first run's document and changes nothing.
     */
    public Invoice issue(Invoice draft) {
        if (draft.numbered()) {
            throw new IllegalArgumentException("a draft has no number yet");
        }
        saveDraft(draft);
        long number = number(draft.tenantId(), draft.accountId(), draft.documentKey());
        Invoice stored = document(draft.tenantId(), draft.accountId(), draft.documentKey()).orElseThrow();
        if (stored.number() != number) {
            throw new IllegalStateException(draft.documentKey() + " holds number " + stored.number() + ", not " + number);
        }
        return stored;
    }

    /** Step one of {@link #issue}: the numberless draft, written once. Package-private for the crash tests. */
    boolean saveDraft(Invoice d) {
        List<TupleValue> lines = new ArrayList<>(d.lines().size());
        for (InvoiceLine line : d.lines()) {
            lines.add(LINE.newValue(line.kind().name(), line.key(), line.description(), line.calls(),
                    line.billedSeconds(), line.amount().micros(), line.net().micros(), line.tax().micros(),
                    line.gross().micros()));
        }
        BoundStatement insert = insertDraft.bind(d.tenantId(), d.accountId(), d.documentKey(), d.kind().name(),
                d.currency(), d.jurisdiction(), d.periodStart(), d.periodEnd(), d.startsAt(), d.endsAt(), d.zone(),
                lines, d.net().micros(), d.tax().micros(), d.gross().micros(), d.taxName(), d.taxRatePpm(),
                d.taxTreatment(), d.reverseCharge(), d.taxRounding(), d.issuedAt(), d.dueAt(), d.creditOf());
        return session.execute(insert).wasApplied();
    }

    /** Step two of {@link #issue}: the number of the stored draft under this key, taken once (see the class comment). */
    long number(String tenantId, String accountId, String documentKey) {
        int lostConnections = 0;
        for (int attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            try {
                Long taken = tryNumber(tenantId, accountId, documentKey);
                if (taken != null) {
                    return taken;
                }
            } catch (com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException
                     | com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException e) {
                // Paxos contention on the counter row: the outcome of an LWT that timed out is unknown, which the
                // next attempt settles by reading the counter (it may be this document's number now).
            } catch (com.datastax.oss.driver.api.core.AllNodesFailedException e) {
                // The connection went away (seen once in a full build, in the concurrent-run test): the outcome is
                // unknown in the same way, and the driver reconnects within its reconnection delay (1 s at first).
                if (++lostConnections > MAX_RECONNECTION_WAITS) {
                    throw e;
                }
                waitForReconnection();
            }
        }
        throw new IllegalStateException("could not take an invoice number for " + tenantId + " in "
                + MAX_NUMBER_ATTEMPTS + " attempts");
    }

    /** An attempt after a lost connection waits this long first, so the driver has reconnected. */
    static final long RECONNECTION_WAIT_MILLIS = 500;
    /** Lost connections one numbering outlasts (10 s of waiting) before it fails. */
    static final int MAX_RECONNECTION_WAITS = 20;

    private static void waitForReconnection() {
        try {
            Thread.sleep(RECONNECTION_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking an invoice number", e);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking an invoice number", e);
        }
    }

    /** One attempt: the number, or null when another document took the one this attempt read. */
    private Long tryNumber(String tenantId, String accountId, String documentKey) {
        {
            Row counter = session.execute(selectCounter.bind(tenantId)
                    .setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
            long next = counter == null ? 1 : counter.getLong("next");
            if (counter != null) {
                finish(tenantId, counter.getString("last_account"), counter.getString("last_doc"), next - 1);
            }
            Invoice mine = document(tenantId, accountId, documentKey)
                    .orElseThrow(() -> new IllegalStateException("no draft under " + documentKey));
            if (mine.numbered()) {
                return mine.number();
            }
            if (takeNumber(tenantId, accountId, documentKey, counter == null ? null : next)) {
                finish(tenantId, accountId, documentKey, next);
                return next;
            }
            return null;
        }
    }

    /** The counter's LWT alone: number {@code expected} for this key (null: the tenant's first). Package-private for the crash tests. */
    boolean takeNumber(String tenantId, String accountId, String documentKey, Long expected) {
        ResultSet result = expected == null
                ? session.execute(insertCounter.bind(tenantId, accountId, documentKey))
                : session.execute(advanceCounter.bind(expected + 1, accountId, documentKey, tenantId, expected));
        return result.wasApplied();
    }

    /** Writes a taken number onto its document and into the by-number index; idempotent. */
    private void finish(String tenantId, String accountId, String documentKey, long number) {
        session.execute(setNumber.bind(number, tenantId, accountId, documentKey)
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
        session.execute(insertByNumber.bind(tenantId, number / NUMBERS_PER_BUCKET, number, accountId, documentKey)
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** Voids an invoice nothing has been paid or credited on; voiding a void one is a replay. */
    public Invoice voidInvoice(String tenantId, String accountId, String documentKey) {
        Invoice invoice = document(tenantId, accountId, documentKey).filter(Invoice::numbered)
                .orElseThrow(() -> new InvoiceException("INVOICE_UNKNOWN", "no invoice " + documentKey));
        if (invoice.kind() != DocumentKind.INVOICE) {
            throw new InvoiceException("NOT_AN_INVOICE", "a credit note is not voided");
        }
        if (invoice.voided()) {
            return invoice;
        }
        if (!invoice.payments().isEmpty() || !invoice.credits().isEmpty()) {
            throw new InvoiceException("INVOICE_SETTLED", "invoice " + invoice.number()
                    + " has payments or credit notes; credit it instead");
        }
        session.execute(setVoided.bind(tenantId, accountId, documentKey).setConsistencyLevel(ConsistencyLevel.QUORUM));
        return document(tenantId, accountId, documentKey).orElseThrow();
    }

    /** Records a credit note's credit on its invoice (idempotent: keyed by the credit note's key). */
    void recordCredit(Invoice creditNote) {
        session.execute(setCredit.bind(creditNote.documentKey(), Math.negateExact(creditNote.gross().micros()),
                creditNote.tenantId(), creditNote.accountId(), creditNote.creditOf())
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /**
     * Allocates a payment to the account's open invoices, oldest number first; the plan is stored once under the
     * payment id (IF NOT EXISTS) and then applied, so a repeat, or a re-run after a crash between the two, applies
     * the first plan and never pays twice. The same id with another account or amount is PAYMENT_ID_REUSED.
     */
    public PaymentAllocation allocate(String tenantId, String accountId, String paymentId, Money amount, Instant at) {
        if (amount.compareTo(Money.ZERO) <= 0) {
            throw new InvoiceException("PAYMENT_INVALID", "a payment is positive");
        }
        Row existing = session.execute(selectPayment.bind(tenantId, paymentId)
                .setConsistencyLevel(ConsistencyLevel.SERIAL)).one();
        if (existing == null) {
            Map<String, Long> plan = new java.util.LinkedHashMap<>();
            long left = amount.micros();
            List<Invoice> open = ofAccount(tenantId, accountId);
            for (Invoice invoice : open) {
                long owed = invoice.outstanding().micros();
                if (left == 0) {
                    break;
                }
                if (owed > 0) {
                    long share = Math.min(owed, left);
                    plan.put(invoice.documentKey(), share);
                    left -= share;
                }
            }
            ResultSet inserted = session.execute(insertPayment.bind(tenantId, paymentId, accountId, amount.micros(),
                    plan, at));
            existing = inserted.wasApplied() ? null : inserted.one();
            if (inserted.wasApplied()) {
                apply(tenantId, accountId, paymentId, plan);
                return new PaymentAllocation(paymentId, accountId, amount, plan, false);
            }
        }
        if (!accountId.equals(existing.getString("account_id")) || existing.getLong("amount_micros") != amount.micros()) {
            throw new InvoiceException("PAYMENT_ID_REUSED", "payment " + paymentId + " was recorded with another account"
                    + " or amount");
        }
        Map<String, Long> plan = existing.getMap("allocations", String.class, Long.class);
        apply(tenantId, accountId, paymentId, plan);
        return new PaymentAllocation(paymentId, accountId, amount, plan, true);
    }

    private void apply(String tenantId, String accountId, String paymentId, Map<String, Long> plan) {
        for (Map.Entry<String, Long> share : plan.entrySet()) {
            session.execute(setPayment.bind(paymentId, share.getValue(), tenantId, accountId, share.getKey())
                    .setConsistencyLevel(ConsistencyLevel.QUORUM));
        }
    }

    private static Invoice invoiceOf(Row row) {
        List<InvoiceLine> lines = new ArrayList<>();
        List<TupleValue> stored = row.getList("lines", TupleValue.class);
        for (TupleValue t : stored == null ? List.<TupleValue>of() : stored) {
            lines.add(new InvoiceLine(LineKind.valueOf(t.getString(0)), t.getString(1), t.getString(2), t.getLong(3),
                    t.getLong(4), Money.ofMicros(t.getLong(5)), Money.ofMicros(t.getLong(6)),
                    Money.ofMicros(t.getLong(7)), Money.ofMicros(t.getLong(8))));
        }
        Map<String, Long> payments = row.getMap("payments", String.class, Long.class);
        Map<String, Long> credits = row.getMap("credits", String.class, Long.class);
        return new Invoice(row.getString("tenant_id"), row.getString("account_id"), row.getString("doc_key"),
                DocumentKind.valueOf(row.getString("kind")), row.isNull("number") ? 0 : row.getLong("number"),
                row.getString("currency"), row.getString("jurisdiction"), row.getLocalDate("period_start"),
                row.getLocalDate("period_end"), row.getInstant("starts_at"), row.getInstant("ends_at"),
                row.getString("zone"), lines, Money.ofMicros(row.getLong("net_micros")),
                Money.ofMicros(row.getLong("tax_micros")), Money.ofMicros(row.getLong("gross_micros")),
                row.getString("tax_name"), row.getLong("tax_rate_ppm"), row.getString("tax_treatment"),
                row.getBoolean("reverse_charge"), row.getString("tax_rounding"), row.getInstant("issued_at"),
                row.getInstant("due_at"), !row.isNull("voided") && row.getBoolean("voided"),
                payments == null ? new HashMap<>() : payments, credits == null ? new HashMap<>() : credits,
                row.getString("credit_of"));
    }

    @SuppressWarnings("unused")
    private static final GenericType<Map<String, Long>> LONG_MAP = GenericType.mapOf(String.class, Long.class);
}
