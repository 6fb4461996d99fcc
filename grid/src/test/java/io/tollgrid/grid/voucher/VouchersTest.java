package io.tollgrid.grid.voucher;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vouchers against a real grid: one server node and a client node, the gateway's shape. Money moves only as the
 * voucher's transfer, once, however many redemptions race for it; every refusal leaves balances and the voucher
 * as they were.
 */
class VouchersTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;
    private static Vouchers vouchers;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("vouchers-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("vouchers-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        vouchers = new Vouchers(client, charging);
        admin.putRatePlan("vc-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.putTenant("vc", "Voucher customers", "vc-key-0123456789abcdef");
        admin.putTenant("rs", "Reseller", "rs-key-0123456789abcdef");
        admin.putTenant("rs-cust", "Reseller's customer", "rs", 0, "rs-cust-key-0123456789ab");
        admin.putTenant("other", "Another reseller", "other-key-0123456789abc");
    }

    @AfterAll
    static void stopGrid() {
        charging.close();
        client.close();
        server.close();
    }

    private static String account(String tenant, String currency, String balance) {
        String id = tenant + "-acct-" + IDS.incrementAndGet();
        admin.openAccount(Account.open(tenant, id, currency, "vc-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, Money.parse(balance).micros(), 0, 0));
        return id;
    }

    private static long balance(String id) {
        return admin.account(id).orElseThrow().balanceMicros();
    }

    private static String batchId() {
        return "b" + IDS.incrementAndGet();
    }

    private static IssuedBatch operatorBatch(int count, String face, String currency, Instant expires) {
        return vouchers.generate(batchId(), null, count, Money.parse(face), currency, expires, NOW);
    }

    private static List<Transfer> voucherTransfers(String account) {
        return admin.transfersOf(account).stream().filter(t -> t.transferId().startsWith("voucher:")).toList();
    }

    @Test
    void concurrentRedemptionsOfOneCodePayExactlyOnce() throws Exception {
        IssuedBatch batch = operatorBatch(1, "25.00", "EUR", NEXT_YEAR);
        String code = batch.codes().get(0).code();
        List<String> accounts = List.of(account("vc", "EUR", "0"), account("vc", "EUR", "0"), account("vc", "EUR", "0"));
        int racers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Redemption>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String target = accounts.get(i % accounts.size());
                answers.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return vouchers.redeem(target, code, NOW);
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        long redeemed = answers.stream().filter(a -> a.join().outcome() == Redemption.Outcome.REDEEMED).count();
        long used = answers.stream().filter(a -> a.join().outcome() == Redemption.Outcome.USED).count();
        assertEquals(1, redeemed);
        assertEquals(racers - 1, used);
        // Late comers, once it is redeemed, into every account: still used.
        for (String target : accounts) {
            assertEquals(Redemption.Outcome.USED, vouchers.redeem(target, code, NOW.plusSeconds(3600)).outcome());
        }
        long total = accounts.stream().mapToLong(VouchersTest::balance).sum();
        assertEquals(Money.parse("25.00").micros(), total);
        List<Transfer> moved = accounts.stream().flatMap(a -> voucherTransfers(a).stream()).toList();
        assertEquals(1, moved.size());
        assertEquals(TransferKind.TOPUP, moved.get(0).kind());
        assertEquals("voucher:" + batch.codes().get(0).voucherId(), moved.get(0).transferId());
        BatchStatus status = vouchers.status(batch.batch().batchId()).orElseThrow();
        assertEquals(1, status.redeemed());
        assertEquals(0, status.issued() + status.claimed());
    }

    @Test
    void unknownMalformedMistypedExpiredUsedAndForeignCurrencyCodesChangeNothing() {
        String eur = account("vc", "EUR", "1.00");
        String usd = account("vc", "USD", "1.00");
        IssuedBatch batch = operatorBatch(3, "10.00", "EUR", NOW.plus(Duration.ofDays(1)));
        String good = batch.codes().get(0).code();
        String expiring = batch.codes().get(1).code();
        String foreign = batch.codes().get(2).code();
        assertEquals(Redemption.Outcome.REDEEMED, vouchers.redeem(eur, good, NOW).outcome());
        long eurAfterOne = balance(eur);

        String guess = "123456789012345678";
        String unknown = guess + VoucherCodes.checkDigit(guess);
        String mistyped = good.substring(0, 5) + (char) ('0' + (good.charAt(5) - '0' + 1) % 10) + good.substring(6);

        assertEquals(Redemption.Outcome.UNKNOWN, vouchers.redeem(eur, unknown, NOW).outcome());
        assertEquals(Redemption.Outcome.BAD_CHECK_DIGIT, vouchers.redeem(eur, mistyped, NOW).outcome());
        assertEquals(Redemption.Outcome.MALFORMED, vouchers.redeem(eur, "12ab", NOW).outcome());
        assertEquals(Redemption.Outcome.USED, vouchers.redeem(eur, good, NOW).outcome());
        assertEquals(Redemption.Outcome.EXPIRED,
                vouchers.redeem(eur, expiring, NOW.plus(Duration.ofDays(1))).outcome());
        assertEquals(Redemption.Outcome.CURRENCY_MISMATCH, vouchers.redeem(usd, foreign, NOW).outcome());
        String closed = account("vc", "EUR", "0");
        admin.setStatus(closed, io.tollgrid.grid.account.AccountStatus.CLOSED);
        Redemption intoClosed = vouchers.redeem(closed, foreign, NOW);
        assertEquals(Redemption.Outcome.TRANSFER_REFUSED, intoClosed.outcome());
        assertEquals("ACCOUNT_CLOSED", intoClosed.refusal());
        assertEquals(0, balance(closed));

        assertEquals(eurAfterOne, balance(eur));
        assertEquals(Money.parse("1.00").micros(), balance(usd));
        assertEquals(1, voucherTransfers(eur).size());
        assertTrue(voucherTransfers(usd).isEmpty());
        BatchStatus status = vouchers.status(batch.batch().batchId()).orElseThrow();
        assertEquals(2, status.issued());
        assertEquals(1, status.redeemed());
        // Not expired a millisecond earlier: the refusal above was the expiry's, and changed nothing.
        assertEquals(Redemption.Outcome.REDEEMED,
                vouchers.redeem(eur, expiring, NOW.plus(Duration.ofDays(1)).minusMillis(1)).outcome());
    }

    @Test
    void aResellersBatchIsPrepaidFromItsWalletAndRedeemedOnlyInsideItsSubtree() {
        String wallet = account("rs", "EUR", "0");
        charging.transfer(wallet, "pay-" + wallet, TransferKind.TOPUP, Money.parse("100.00").micros(),
                NOW.toEpochMilli(), "payment").join();
        admin.putTenant("rs", "Reseller", null, 0, "rs-key-0123456789abcdef", wallet);
        String customer = account("rs-cust", "EUR", "0");
        String outsider = account("other", "EUR", "0");
        String id = batchId();

        IssuedBatch batch = vouchers.generate(id, "rs", 4, Money.parse("20.00"), "EUR", NEXT_YEAR, NOW);

        String escrow = Vouchers.escrowAccountOf(id);
        assertEquals(Money.parse("20.00").micros(), balance(wallet));
        assertEquals(Money.parse("80.00").micros(), balance(escrow));
        Redemption foreign = vouchers.redeem(outsider, batch.codes().get(0).code(), NOW);
        assertEquals(Redemption.Outcome.UNKNOWN, foreign.outcome());
        assertEquals(0, balance(outsider));

        Redemption redeemed = vouchers.redeem(customer, batch.codes().get(0).code(), NOW);
        assertEquals(Redemption.Outcome.REDEEMED, redeemed.outcome());
        assertEquals(TransferKind.TRANSFER_IN, redeemed.transfer().kind());
        assertEquals(Money.parse("20.00").micros(), balance(customer));
        assertEquals(Money.parse("60.00").micros(), balance(escrow));
        // No money was created: wallet + escrow + customer is still the reseller's payment.
        assertEquals(Money.parse("100.00").micros(), balance(wallet) + balance(escrow) + balance(customer));

        AdminException again = assertThrows(AdminException.class,
                () -> vouchers.generate(id, "rs", 1, Money.parse("20.00"), "EUR", NEXT_YEAR, NOW));
        assertEquals("BATCH_EXISTS", again.code());
        AdminException tooMuch = assertThrows(AdminException.class,
                () -> vouchers.generate(batchId(), "rs", 2, Money.parse("20.00"), "EUR", NEXT_YEAR, NOW));
        assertEquals("INSUFFICIENT_FUNDS", tooMuch.code());
        assertEquals(Money.parse("20.00").micros(), balance(wallet));
        AdminException noWallet = assertThrows(AdminException.class,
                () -> vouchers.generate(batchId(), "other", 1, Money.parse("1.00"), "EUR", NEXT_YEAR, NOW));
        assertEquals("NO_WALLET", noWallet.code());
    }

    @Test
    void anExpiredBatchsEscrowGoesBackToTheWalletOnceNoRedemptionIsInFlight() {
        admin.putTenant("rc", "Reclaiming reseller", "rc-key-0123456789abcdef");
        String wallet = account("rc", "EUR", "0");
        admin.putTenant("rc", "Reclaiming reseller", null, 0, "rc-key-0123456789abcdef", wallet);
        charging.transfer(wallet, "pay-" + wallet, TransferKind.TOPUP, Money.parse("30.00").micros(),
                NOW.toEpochMilli(), "payment").join();
        String customer = account("rc", "EUR", "0");
        Instant expiry = NOW.plus(Duration.ofDays(30));
        String id = batchId();
        IssuedBatch batch = vouchers.generate(id, "rc", 3, Money.parse("10.00"), "EUR", expiry, NOW);
        assertEquals(Redemption.Outcome.REDEEMED, vouchers.redeem(customer, batch.codes().get(0).code(), NOW).outcome());
        // A redemption that claimed the second voucher just before the expiry and has not finished.
        String second = VoucherCodes.hash(batch.codes().get(1).code());
        vouchers.claim(second, admin.account(customer).orElseThrow(), "in-flight", expiry.minusSeconds(1));

        assertEquals("BATCH_NOT_EXPIRED", assertThrows(AdminException.class,
                () -> vouchers.reclaim(id, expiry.minusMillis(1))).code());
        assertEquals("CLAIMS_IN_PROGRESS", assertThrows(AdminException.class,
                () -> vouchers.reclaim(id, expiry)).code());
        // The claimer comes back (its claim has gone stale) and finishes: the escrow still held its money.
        assertEquals(Redemption.Outcome.REDEEMED,
                vouchers.redeem(customer, batch.codes().get(1).code(), expiry.plus(Vouchers.STALE_CLAIM)).outcome());

        Reclaim back = vouchers.reclaim(id, expiry.plus(Duration.ofDays(1)));
        Reclaim again = vouchers.reclaim(id, expiry.plus(Duration.ofDays(2)));

        assertEquals(Money.parse("10.00").micros(), back.amountMicros());
        assertEquals(wallet, back.walletAccount());
        assertEquals(0, again.amountMicros());
        assertEquals(Money.parse("10.00").micros(), balance(wallet));
        assertEquals(0, balance(Vouchers.escrowAccountOf(id)));
        assertEquals(Money.parse("20.00").micros(), balance(customer));
        assertEquals(Redemption.Outcome.EXPIRED, vouchers.redeem(customer, batch.codes().get(2).code(),
                expiry.plus(Duration.ofDays(3))).outcome());
        assertEquals("NOT_PREPAID", assertThrows(AdminException.class,
                () -> vouchers.reclaim(operatorBatch(1, "1.00", "EUR", NEXT_YEAR).batch().batchId(), NEXT_YEAR))
                .code());
    }

    @Test
    void batchesAreBounded() {
        for (int count : new int[]{0, Vouchers.MAX_BATCH + 1}) {
            AdminException refused = assertThrows(AdminException.class,
                    () -> operatorBatch(count, "1.00", "EUR", NEXT_YEAR));
            assertEquals("BATCH_INVALID", refused.code());
        }
        assertEquals("BATCH_INVALID", assertThrows(AdminException.class,
                () -> operatorBatch(1, "0", "EUR", NEXT_YEAR)).code());
        assertEquals("BATCH_INVALID", assertThrows(AdminException.class,
                () -> operatorBatch(1, "1.00", "EUR", NOW)).code());
        assertEquals("BATCH_INVALID", assertThrows(AdminException.class,
                () -> operatorBatch(1, "1.00", "EUR", NOW.plus(Vouchers.MAX_VALIDITY).plusSeconds(1))).code());
        assertEquals("BATCH_INVALID", assertThrows(AdminException.class,
                () -> operatorBatch(1, "1.00", "eur", NEXT_YEAR)).code());
    }

    @Test
    void aFullBatchIsMadeInOneGo() {
        IssuedBatch batch = operatorBatch(Vouchers.MAX_BATCH, "1.00", "EUR", NEXT_YEAR);
        assertEquals(Vouchers.MAX_BATCH, batch.codes().stream().map(IssuedBatch.IssuedCode::code).distinct().count());
        assertEquals(Vouchers.MAX_BATCH, vouchers.status(batch.batch().batchId()).orElseThrow().issued());
    }

    @Test
    void onlyTheCodesHashIsStored() {
        IssuedBatch batch = operatorBatch(2, "5.00", "EUR", NEXT_YEAR);
        for (IssuedBatch.IssuedCode issued : batch.codes()) {
            assertFalse(client.cache(io.tollgrid.grid.node.Caches.VOUCHERS).containsKey(issued.code()));
            assertTrue(client.cache(io.tollgrid.grid.node.Caches.VOUCHERS).containsKey(VoucherCodes.hash(issued.code())));
        }
    }

    @Test
    void aRedemptionLostAfterItsTransferIsFinishedOnceByTheSameAccountOnly() {
        String account = account("vc", "EUR", "0");
        String rival = account("vc", "EUR", "0");
        IssuedBatch batch = operatorBatch(1, "7.50", "EUR", NEXT_YEAR);
        String code = batch.codes().get(0).code();
        String hash = VoucherCodes.hash(code);
        // A redemption that claimed the voucher and posted its transfer, then died before marking it redeemed.
        Vouchers.Claim claim = vouchers.claim(hash, admin.account(account).orElseThrow(), "lost", NOW);
        charging.transfer(account, claim.voucher().transferId(), TransferKind.TOPUP, claim.voucher().faceValueMicros(),
                NOW.toEpochMilli(), "voucher").join();

        assertEquals(Redemption.Outcome.USED, vouchers.redeem(rival, code, NOW.plusSeconds(3600)).outcome());
        assertEquals(Redemption.Outcome.USED, vouchers.redeem(account, code, NOW.plusSeconds(1)).outcome());
        Redemption finished = vouchers.redeem(account, code, NOW.plus(Vouchers.STALE_CLAIM));
        assertEquals(Redemption.Outcome.REDEEMED, finished.outcome());
        assertEquals(Redemption.Outcome.USED, vouchers.redeem(account, code, NOW.plusSeconds(3600)).outcome());

        assertEquals(Money.parse("7.50").micros(), balance(account));
        assertEquals(0, balance(rival));
        assertEquals(1, voucherTransfers(account).size());
        assertEquals(1, vouchers.status(batch.batch().batchId()).orElseThrow().redeemed());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
