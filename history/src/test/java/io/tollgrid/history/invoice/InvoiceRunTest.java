package io.tollgrid.history.invoice;

import com.datastax.oss.driver.api.core.CqlSession;
import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingPeriod;
import io.tollgrid.billing.period.BillingProfile;
import io.tollgrid.billing.period.Cadence;
import io.tollgrid.billing.tax.TaxRounding;
import io.tollgrid.billing.tax.TaxRule;
import io.tollgrid.billing.tax.TaxTreatment;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.RollupRefresher;
import io.tollgrid.history.rollup.UsageReports;
import io.tollgrid.localcluster.CassandraEndpoint;
import io.tollgrid.localcluster.CassandraExtension;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invoice run against a real Cassandra: totals against an independent calculation, a re-run that changes
 * nothing, gapless numbers across crashes between taking a number and writing it and under concurrent runs, credit
 * notes, void, and payments settling oldest first once.
 */
@ExtendWith(CassandraExtension.class)
class InvoiceRunTest {
    private static final String KEYSPACE = "invoice_test";
    private static final ZoneId SOFIA = ZoneId.of("Europe/Sofia");
    private static final BillingCycle MONTHLY = new BillingCycle(Cadence.MONTHLY, 1, SOFIA);
    // November 2026 in Sofia: 2026-10-31T22:00Z .. 2026-11-30T22:00Z.
    private static final BillingPeriod NOVEMBER = MONTHLY.periodStarting(LocalDate.of(2026, 11, 1));
    private static final Instant AFTER = Instant.parse("2026-12-01T08:00:00Z");
    private static CqlSession session;
    private static CdrStore cdrs;
    private static DailyRollups rollups;
    private static InvoiceRun run;
    private static RollupRefresher refresher;

    @BeforeAll
    static void open(CassandraEndpoint cassandra) {
        session = cassandra.openSession();
        cdrs = CdrStore.open(session, KEYSPACE, 1);
        rollups = DailyRollups.open(session, cdrs);
        run = new InvoiceRun(new UsageReports(rollups), InvoiceStore.open(session, KEYSPACE));
        refresher = RollupRefresher.start(cdrs, rollups, Duration.ofHours(1));
    }

    @AfterAll
    static void close() throws Exception {
        refresher.close();
        session.close();
    }

    private static RatedCdr call(String tenant, String account, String id, String at, String rateId, long seconds,
                                 String cost) {
        Instant start = Instant.parse(at);
        return new RatedCdr(tenant, account, id, "1001", "4420000", start, start.plusSeconds(2),
                start.plusSeconds(2 + seconds), seconds, seconds, "ANSWERED", rateId, Money.parse(cost), "EUR", "test", "");
    }

    private static void write(List<RatedCdr> calls) throws Exception {
        calls.stream().map(cdrs::write).toList().forEach(stage -> stage.toCompletableFuture().join());
        refresher.refreshOnce();
    }

    private static BillingProfile profile(String tenant, String account) {
        BillingProfile profile = new BillingProfile(tenant, account, MONTHLY, "BG");
        run.store().putProfile(profile);
        return profile;
    }

    private static void vat(String tenant, TaxRounding rounding) {
        run.store().putTaxRule(new TaxRule(tenant, "BG", "VAT", Percentage.parse("20"), TaxTreatment.EXCLUSIVE, false,
                rounding));
    }

    @Test
    void anInvoiceBillsThePeriodsUsageAndChargesWithTaxAndASecondRunChangesNothing() throws Exception {
        String tenant = "t-totals";
        vat(tenant, TaxRounding.PER_LINE_HALF_UP);
        BillingProfile profile = profile(tenant, "acc-1");
        List<RatedCdr> calls = List.of(
                call(tenant, "acc-1", "before", "2026-10-31T21:59:59Z", "retail/44@v1", 60, "9.000000"), // October in Sofia
                call(tenant, "acc-1", "first", "2026-10-31T22:00:00Z", "retail/44@v1", 61, "0.123457"),
                call(tenant, "acc-1", "mid-1", "2026-11-14T10:00:00Z", "retail/44@v2", 600, "1.005005"),
                call(tenant, "acc-1", "mid-2", "2026-11-15T10:00:00Z", "retail/359@v1", 120, "0.055000"),
                call(tenant, "acc-1", "last", "2026-11-30T21:59:59Z", "retail/359@v1", 30, "0.012345"),
                call(tenant, "acc-1", "after", "2026-11-30T22:00:00Z", "retail/359@v1", 60, "7.000000")); // December
        write(calls);
        List<ChargeLine> charges = List.of(
                ChargeLine.ofTransfer("charge:fee:2026-11-01", -9_990_000, "Monthly fee 2026-11-01"),
                ChargeLine.ofTransfer("charge:fee:2026-12-01", -9_990_000, "Monthly fee 2026-12-01"),
                ChargeLine.ofTransfer("charge:setup:2026-11-20", -25_000_000, "Setup 2026-11-20"));

        Invoice invoice = run.run(profile, NOVEMBER, "EUR", charges, AFTER);

        // Independent calculation: the calls inside [22:00Z Oct 31, 22:00Z Nov 30), by destination, and the two
        // charges whose period starts in November; 20% on each line rounded half up to cents.
        Map<String, BigDecimal> expected = new TreeMap<>();
        expected.put("359", new BigDecimal("0.055000").add(new BigDecimal("0.012345")));
        expected.put("44", new BigDecimal("0.123457").add(new BigDecimal("1.005005")));
        expected.put("charge:fee:2026-11-01", new BigDecimal("9.99"));
        expected.put("charge:setup:2026-11-20", new BigDecimal("25"));
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (BigDecimal amount : expected.values()) {
            net = net.add(amount);
            tax = tax.add(amount.multiply(new BigDecimal("0.2")).setScale(2, RoundingMode.HALF_UP));
        }
        assertEquals(List.copyOf(expected.keySet()), invoice.lines().stream().map(InvoiceLine::key).toList());
        assertEquals(2, invoice.lines().get(0).calls());
        assertEquals(150, invoice.lines().get(0).billedSeconds());
        assertEquals(0, net.compareTo(invoice.net().toBigDecimal()), "net " + net + " vs " + invoice.net());
        assertEquals(0, tax.compareTo(invoice.tax().toBigDecimal()), "tax " + tax + " vs " + invoice.tax());
        assertEquals(0, net.add(tax).compareTo(invoice.gross().toBigDecimal()));
        assertEquals(Money.parse("36.185807"), invoice.net());
        assertEquals(Money.parse("7.24"), invoice.tax()); // 0.01 + 0.23 + 2.00 + 5.00
        assertTrue(invoice.numbered());
        assertEquals(InvoiceStatus.ISSUED, invoice.status(AFTER));
        assertEquals(InvoiceStatus.OVERDUE, invoice.status(AFTER.plus(Duration.ofDays(15))));

        // A late CDR of the period and a second run: the stored invoice stands, nothing changes.
        write(List.of(call(tenant, "acc-1", "late", "2026-11-20T10:00:00Z", "retail/44@v1", 60, "3.000000")));
        Invoice again = run.run(profile, NOVEMBER, "EUR", charges, AFTER.plusSeconds(3600));
        assertEquals(invoice, again);
        assertEquals(List.of(invoice), run.store().ofAccount(tenant, "acc-1"));
    }

    /** Calls of extensions 101 (Sales, two), 102 (Support) and one without an extension, in November. */
    private static List<RatedCdr> extensionCalls(String tenant) {
        return List.of(
                call(tenant, "acc-1", "e1", "2026-11-14T10:00:00Z", "retail/44@v1", 60, "1.000000")
                        .classified("101", RatedCdr.Direction.OUTBOUND, null).inDepartment("Sales"),
                call(tenant, "acc-1", "e2", "2026-11-15T10:00:00Z", "retail/44@v1", 60, "0.500000")
                        .classified("101", RatedCdr.Direction.OUTBOUND, null).inDepartment("Sales"),
                call(tenant, "acc-1", "e3", "2026-11-16T10:00:00Z", "retail/44@v1", 60, "0.250000")
                        .classified("102", RatedCdr.Direction.OUTBOUND, null).inDepartment("Support"),
                call(tenant, "acc-1", "e4", "2026-11-17T10:00:00Z", "retail/44@v1", 60, "0.125000"));
    }

    @Test
    void aTenantsInvoicesTotalUsageByExtensionOrByDepartmentWhenItSaysSo() throws Exception {
        for (InvoiceSettings.UsageBy by : List.of(InvoiceSettings.UsageBy.EXTENSION, InvoiceSettings.UsageBy.DEPARTMENT)) {
            String tenant = "t-by-" + by.name().toLowerCase(java.util.Locale.ROOT);
            vat(tenant, TaxRounding.PER_LINE_HALF_UP);
            run.store().putSettings(new InvoiceSettings(tenant, "en", 14, Map.of(), by));
            assertEquals(by, run.store().settings(tenant).usageBy());
            BillingProfile profile = profile(tenant, "acc-1");
            write(extensionCalls(tenant));

            Invoice invoice = run.run(profile, NOVEMBER, "EUR", List.of(), AFTER);

            List<String> keys = by == InvoiceSettings.UsageBy.EXTENSION ? List.of("", "101", "102")
                    : List.of("", "Sales", "Support");
            assertEquals(keys, invoice.lines().stream().map(InvoiceLine::key).toList(), by.name());
            assertTrue(invoice.lines().stream().allMatch(line -> line.kind() == by.lineKind()), by.name());
            assertEquals(2, invoice.lines().get(1).calls(), "101, or Sales: two calls");
            assertEquals(Money.parse("1.500000"), invoice.lines().get(1).net());
            assertEquals(Money.parse("0.125000"), invoice.lines().get(0).net(), "the call of no extension");
            assertEquals(Money.parse("1.875000"), invoice.net());
        }
        assertEquals(InvoiceSettings.UsageBy.DESTINATION, run.store().settings("t-never-set").usageBy());
    }

    @Test
    void numbersAreGaplessAcrossACrashAfterTakingANumberAndACrashBeforeIt() throws Exception {
        String tenant = "t-crash";
        vat(tenant, TaxRounding.PER_INVOICE_HALF_EVEN);
        BillingProfile a = profile(tenant, "acc-a");
        BillingProfile b = profile(tenant, "acc-b");
        BillingProfile c = profile(tenant, "acc-c");
        BillingProfile d = profile(tenant, "acc-d");
        assertEquals(1, run.run(a, NOVEMBER, "EUR", List.of(), AFTER).number());

        // b: its draft is written and its number taken by the counter's LWT, then the process dies before the
        // number reaches the invoice. c, run next, first finishes b with 2 and takes 3.
        Invoice bDraft = draftOf(b);
        assertTrue(run.store().saveDraft(bDraft));
        assertTrue(run.store().takeNumber(tenant, "acc-b", bDraft.documentKey(), 2L));
        assertFalse(run.store().document(tenant, "acc-b", bDraft.documentKey()).orElseThrow().numbered());
        assertEquals(3, run.run(c, NOVEMBER, "EUR", List.of(), AFTER).number());
        assertEquals(2, run.store().document(tenant, "acc-b", bDraft.documentKey()).orElseThrow().number());
        assertEquals(2, run.run(b, NOVEMBER, "EUR", List.of(), AFTER).number(), "the re-run of b finds its number");

        // d: a draft written and the process dead before any number was taken: the re-run numbers it 4.
        Invoice dDraft = draftOf(d);
        assertTrue(run.store().saveDraft(dDraft));
        assertEquals(4, run.run(d, NOVEMBER, "EUR", List.of(), AFTER).number());

        // The crashed document is re-run itself right after the LWT: it finishes its own number.
        BillingProfile e = profile(tenant, "acc-e");
        Invoice eDraft = draftOf(e);
        assertTrue(run.store().saveDraft(eDraft));
        assertTrue(run.store().takeNumber(tenant, "acc-e", eDraft.documentKey(), 5L));
        assertEquals(5, run.run(e, NOVEMBER, "EUR", List.of(), AFTER).number());
        assertEquals(6, run.run(a, MONTHLY.next(NOVEMBER), "EUR", List.of(), AFTER.plus(Duration.ofDays(31))).number());
        for (long n = 1; n <= 6; n++) {
            assertTrue(run.store().byNumber(tenant, n).isPresent(), "number " + n);
        }
        assertTrue(run.store().byNumber(tenant, 7).isEmpty());
    }

    private static Invoice draftOf(BillingProfile profile) {
        return new Invoice(profile.tenantId(), profile.accountId(), NOVEMBER.key(), DocumentKind.INVOICE, 0, "EUR", "BG",
                NOVEMBER.start(), NOVEMBER.end(), NOVEMBER.startsAt(), NOVEMBER.endsAt(), "Europe/Sofia", List.of(),
                Money.ZERO, Money.ZERO, Money.ZERO, "VAT", 200_000, "EXCLUSIVE", false, "PER_INVOICE_HALF_EVEN", AFTER,
                AFTER, false, Map.of(), Map.of(), null);
    }

    @Test
    void concurrentRunsNumberEveryInvoiceOnceWithoutGaps() throws Exception {
        String tenant = "t-race";
        vat(tenant, TaxRounding.PER_LINE_HALF_EVEN);
        List<BillingProfile> profiles = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            profiles.add(profile(tenant, "acc-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Invoice>> runs = new ArrayList<>();
            for (int round = 0; round < 2; round++) { // every account run twice, concurrently
                List<BillingProfile> shuffled = new ArrayList<>(profiles);
                Collections.shuffle(shuffled, new java.util.Random(round));
                for (BillingProfile p : shuffled) {
                    runs.add(pool.submit(() -> run.run(p, NOVEMBER, "EUR", List.of(), AFTER)));
                }
            }
            Map<String, Long> numberOf = new TreeMap<>();
            for (Future<Invoice> f : runs) {
                Invoice invoice = f.get();
                Long before = numberOf.putIfAbsent(invoice.accountId(), invoice.number());
                assertTrue(before == null || before == invoice.number(), invoice.accountId() + " numbered twice");
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
                    20L, 21L, 22L, 23L, 24L), numberOf.values().stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void creditNotesVoidAndPaymentsSettleOldestFirstOnce() throws Exception {
        String tenant = "t-pay";
        vat(tenant, TaxRounding.PER_LINE_HALF_UP);
        BillingProfile p = profile(tenant, "acc-1");
        BillingPeriod december = MONTHLY.next(NOVEMBER);
        BillingPeriod january = MONTHLY.next(december);
        Invoice nov = run.run(p, NOVEMBER, "EUR", List.of(ChargeLine.ofTransfer("charge:fee:2026-11-01", -10_000_000, "Fee")), AFTER);
        Invoice dec = run.run(p, december, "EUR", List.of(ChargeLine.ofTransfer("charge:fee:2026-12-01", -10_000_000, "Fee")),
                january.startsAt());
        Invoice jan = run.run(p, january, "EUR", List.of(ChargeLine.ofTransfer("charge:fee:2027-01-01", -5_000_000, "Fee")),
                january.endsAt());
        assertEquals(Money.parse("12"), nov.gross());
        assertEquals(List.of(nov.number() + 1, nov.number() + 2), List.of(dec.number(), jan.number()));

        // A credit note of 6.00 gross on December: tax 1.00 (2.00 x 6 / 12), net 5.00; numbered next; a repeat is the same note.
        Invoice credit = run.creditNote(tenant, "acc-1", dec.documentKey(), "cn-1", Money.parse("6"), "Goodwill", AFTER);
        assertEquals(jan.number() + 1, credit.number());
        assertEquals(Money.parse("-1"), credit.tax());
        assertEquals(Money.parse("-5"), credit.net());
        assertEquals(credit, run.creditNote(tenant, "acc-1", dec.documentKey(), "cn-1", Money.parse("6"), "Goodwill", AFTER));
        assertEquals("CREDIT_TOO_LARGE", assertThrows(InvoiceException.class, () -> run.creditNote(tenant, "acc-1",
                dec.documentKey(), "cn-2", Money.parse("6.01"), null, AFTER)).code());

        // Void January (nothing paid on it); voiding again is a replay; it keeps its number.
        assertEquals(InvoiceStatus.VOID, run.store().voidInvoice(tenant, "acc-1", jan.documentKey()).status(AFTER));
        assertTrue(run.store().voidInvoice(tenant, "acc-1", jan.documentKey()).voided());

        // 15.00: November's 12.00 in full, then 3.00 of December's remaining 6.00; January is void.
        PaymentAllocation paid = run.store().allocate(tenant, "acc-1", "pay-1", Money.parse("15"), AFTER);
        assertEquals(Map.of(nov.documentKey(), 12_000_000L, dec.documentKey(), 3_000_000L), paid.allocations());
        PaymentAllocation repeat = run.store().allocate(tenant, "acc-1", "pay-1", Money.parse("15"), AFTER);
        assertTrue(repeat.replay());
        assertEquals(paid.allocations(), repeat.allocations());
        assertEquals("PAYMENT_ID_REUSED", assertThrows(InvoiceException.class,
                () -> run.store().allocate(tenant, "acc-1", "pay-1", Money.parse("16"), AFTER)).code());
        Instant late = january.endsAt().plus(Duration.ofDays(30));
        assertEquals(InvoiceStatus.PAID, run.store().document(tenant, "acc-1", nov.documentKey()).orElseThrow().status(late));
        Invoice decNow = run.store().document(tenant, "acc-1", dec.documentKey()).orElseThrow();
        assertEquals(Money.parse("3"), decNow.outstanding());
        assertEquals(InvoiceStatus.OVERDUE, decNow.status(late));
        assertEquals("INVOICE_SETTLED", assertThrows(InvoiceException.class,
                () -> run.store().voidInvoice(tenant, "acc-1", nov.documentKey())).code());

        // 5.00 more: 3.00 settles December, 2.00 stays on the balance.
        PaymentAllocation second = run.store().allocate(tenant, "acc-1", "pay-2", Money.parse("5"), AFTER);
        assertEquals(Map.of(dec.documentKey(), 3_000_000L), second.allocations());
        assertEquals(Money.parse("2"), second.unallocated());
        assertEquals(InvoiceStatus.PAID, run.store().document(tenant, "acc-1", dec.documentKey()).orElseThrow().status(late));
    }

    @Test
    void anOpenPeriodAMissingTaxRuleAndAForeignPeriodAreRefused() throws Exception {
        String tenant = "t-refuse";
        BillingProfile p = profile(tenant, "acc-1");
        assertEquals("TAX_RULE_MISSING", assertThrows(InvoiceException.class,
                () -> run.run(p, NOVEMBER, "EUR", List.of(), AFTER)).code());
        vat(tenant, TaxRounding.PER_LINE_HALF_UP);
        assertEquals("PERIOD_OPEN", assertThrows(InvoiceException.class,
                () -> run.run(p, NOVEMBER, "EUR", List.of(), NOVEMBER.endsAt().minusMillis(1))).code());
        BillingPeriod weekly = new BillingCycle(Cadence.WEEKLY, 1, SOFIA).periodStarting(LocalDate.of(2026, 11, 2));
        assertEquals("PERIOD_INVALID", assertThrows(InvoiceException.class,
                () -> run.run(p, weekly, "EUR", List.of(), AFTER)).code());
        assertTrue(run.store().ofAccount(tenant, "acc-1").isEmpty(), "a refused run stores nothing");
    }
}
