package io.tollgrid.grid.card;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.charging.Outcome;
import io.tollgrid.grid.identity.CallerHints;
import io.tollgrid.grid.identity.Identity;
import io.tollgrid.grid.identity.PayerDirectory;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.node.GridNodes;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.grid.node.TestGrids;
import io.tollgrid.grid.voucher.VoucherCodes;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calling cards against a real grid (a server node and a client node, the gateway's shape): a batch becomes frozen,
 * empty PIN accounts; the first use funds the card once (an operator payment, or from a reseller's prepaid escrow),
 * unfreezes it and starts its validity, however many first calls race; past the validity, or never used before the
 * use-by, it is refused; bad batches change nothing.
 */
class CallingCardsTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static final long DAY = 86_400_000L;
    private static Ignite server;
    private static Ignite client;
    private static ChargingClient charging;
    private static GridAdmin admin;
    private static CallingCards cards;

    @BeforeAll
    static void startGrid() {
        GridSettings settings = TestGrids.settings("cards-server");
        server = GridNodes.startServer(settings);
        client = GridNodes.startClient(settings.withInstanceName("cards-client"));
        charging = new ChargingClient(client);
        admin = new GridAdmin(client);
        cards = new CallingCards(client, charging);
        admin.putRatePlan("cc-flat", new FlatRate(Money.parse("0.60"), Money.ZERO, 60, 60));
        admin.putTenant("cc", "Card shop", "cc-key-0123456789abcdef");
        admin.putTenant("cr", "Card reseller", "cr-key-0123456789abcdef");
        admin.putTenant("cr-cust", "Reseller's card shop", "cr", 0, "cr-cust-key-0123456789ab");
    }

    @AfterAll
    static void stopGrid() {
        charging.close();
        client.close();
        server.close();
    }

    @Test
    void anOperatorsCardIsFundedAndStartedByItsFirstUseAndRefusedOnceExpired() {
        String batch = batchId();
        IssuedCards issued = cards.issue(batch, "cc", null, 3, Money.parse("5.00"), "EUR", "cc-flat", 30, NEXT_YEAR, NOW);
        assertEquals(3, issued.cards().size());
        assertEquals(null, issued.escrowAccount());
        PayerDirectory payers = new PayerDirectory(client);
        for (IssuedCards.Card card : issued.cards()) {
            assertEquals(CallingCards.PIN_RANDOM_DIGITS + 1, card.pin().length(), card.pin());
            assertTrue(VoucherCodes.hasValidCheckDigit(card.pin()), card.pin());
            Account account = admin.account(card.accountId()).orElseThrow();
            assertEquals(AccountStatus.FROZEN, account.status(), "inactive cards cannot call");
            assertEquals(0, account.balanceMicros(), "no money before the first use");
            assertEquals(CardState.INACTIVE, cards.card(card.accountId()).orElseThrow().state());
            Identity identity = payers.resolve(new CallerHints(card.pin(), null, null, null, null, "")).join()
                    .orElseThrow();
            assertEquals(card.accountId(), identity.accountId());
        }
        assertEquals(3, new HashSet<>(issued.cards().stream().map(IssuedCards.Card::pin).toList()).size());

        String first = issued.cards().get(0).accountId();
        long activation = NOW.plus(Duration.ofDays(10)).toEpochMilli();
        assertEquals(Optional.empty(), cards.admit(first, activation).join());
        Account active = admin.account(first).orElseThrow();
        assertEquals(AccountStatus.ACTIVE, active.status());
        assertEquals(Money.parse("5.00").micros(), active.balanceMicros());
        CallingCard card = cards.card(first).orElseThrow();
        assertEquals(CardState.ACTIVE, card.state());
        assertEquals(activation, card.activatedAtMillis());
        assertEquals(activation + 30 * DAY, card.expiresAtMillis(), "the validity runs from the first use");
        List<Transfer> paid = cardTransfers(first);
        assertEquals(1, paid.size());
        assertEquals(TransferKind.TOPUP, paid.get(0).kind(), "the operator's card: an operator payment");

        // A second call neither pays again nor moves the start.
        assertEquals(Optional.empty(), cards.admit(first, activation + DAY).join());
        assertEquals(Money.parse("5.00").micros(), admin.account(first).orElseThrow().balanceMicros());
        assertEquals(activation, cards.card(first).orElseThrow().activatedAtMillis());
        assertEquals(Outcome.OK, charging.authorise(first, "cc-call-1", "", "442071234567", activation + DAY)
                .join().outcome());

        assertEquals(Optional.of("CARD_EXPIRED"), cards.admit(first, activation + 30 * DAY).join());
        assertEquals(Optional.empty(), cards.admit(first, activation + 30 * DAY - 1).join());

        // Never used before the batch's use-by: refused, and nothing paid.
        String unused = issued.cards().get(1).accountId();
        assertEquals(Optional.of("CARD_EXPIRED"), cards.admit(unused, NEXT_YEAR.toEpochMilli()).join());
        assertEquals(0, admin.account(unused).orElseThrow().balanceMicros());
        assertEquals(CardState.INACTIVE, cards.card(unused).orElseThrow().state());

        // An account that is no card is no business of the cards.
        String plain = "cc-plain-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("cc", plain, "EUR", "cc-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, 0, 0, 0));
        assertEquals(Optional.empty(), cards.admit(plain, NOW.toEpochMilli()).join());
    }

    @Test
    void racingFirstCallsActivateAndFundTheCardOnce() {
        IssuedCards issued = cards.issue(batchId(), "cc", null, 1, Money.parse("2.50"), "EUR", "cc-flat", 7, NEXT_YEAR,
                NOW);
        String account = issued.cards().get(0).accountId();
        List<CompletableFuture<Optional<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            racing.add(cards.admit(account, NOW.toEpochMilli() + i));
        }
        racing.forEach(admitted -> assertEquals(Optional.empty(), admitted.join()));
        assertEquals(Money.parse("2.50").micros(), admin.account(account).orElseThrow().balanceMicros());
        assertEquals(1, cardTransfers(account).size());
        CallingCard card = cards.card(account).orElseThrow();
        assertEquals(card.activatedAtMillis() + 7 * DAY, card.expiresAtMillis());
    }

    @Test
    void aResellersBatchIsPrepaidFromItsWalletAndNeverMintsMoney() {
        String wallet = "cr-wallet-" + IDS.incrementAndGet();
        admin.openAccount(Account.open("cr", wallet, "EUR", "cc-flat", PayType.PREPAID, ReservationStrategy.FULL,
                AccountLimits.NONE, 0, 0, 0));
        charging.transfer(wallet, "pay-" + wallet, TransferKind.TOPUP, Money.parse("12.00").micros(),
                NOW.toEpochMilli(), "bank").join();
        admin.putTenant("cr", "Card reseller", null, 0, "cr-key-0123456789abcdef", wallet);

        String tooBig = batchId();
        AdminException refused = assertThrows(AdminException.class, () -> cards.issue(tooBig, "cr-cust", "cr", 3,
                Money.parse("5.00"), "EUR", "cc-flat", 30, NEXT_YEAR, NOW));
        assertEquals("INSUFFICIENT_FUNDS", refused.code());
        assertFalse(admin.account(CallingCards.accountOf(tooBig, 1)).isPresent(), "no card made");
        assertEquals(Money.parse("12.00").micros(), balance(wallet));

        IssuedCards issued = cards.issue(batchId(), "cr-cust", "cr", 2, Money.parse("5.00"), "EUR", "cc-flat", 30,
                NEXT_YEAR, NOW);
        String escrow = issued.escrowAccount();
        assertEquals(CallingCards.escrowAccountOf(issued.batchId()), escrow);
        assertEquals(Money.parse("2.00").micros(), balance(wallet));
        assertEquals(Money.parse("10.00").micros(), balance(escrow));
        assertEquals(AccountStatus.FROZEN, admin.account(escrow).orElseThrow().status());
        String card = issued.cards().get(0).accountId();
        assertEquals("cr-cust", admin.account(card).orElseThrow().tenantId());

        assertEquals(Optional.empty(), cards.admit(card, NOW.toEpochMilli()).join());
        assertEquals(Money.parse("5.00").micros(), balance(card));
        assertEquals(Money.parse("5.00").micros(), balance(escrow));
        assertEquals(TransferKind.TRANSFER_IN, cardTransfers(card).get(0).kind(), "from the escrow, not minted");
        assertEquals(Money.parse("12.00").micros(), balance(wallet) + balance(escrow) + balance(card));
    }

    @Test
    void badBatchesAreRefusedAndMakeNothing() {
        Money five = Money.parse("5.00");
        List<Runnable> bad = List.of(
                () -> cards.issue("has space", "cc", null, 1, five, "EUR", "cc-flat", 30, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 0, five, "EUR", "cc-flat", 30, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, CallingCards.MAX_BATCH + 1, five, "EUR", "cc-flat", 30,
                        NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, Money.ZERO, "EUR", "cc-flat", 30, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "eur", "cc-flat", 30, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "EUR", "cc-flat", 0, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "EUR", "cc-flat", 367, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "EUR", "cc-flat", 30, NOW, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "EUR", "cc-flat", 30, NOW.plus(Duration.ofDays(2000)),
                        NOW),
                () -> cards.issue(batchId(), "nobody", null, 1, five, "EUR", "cc-flat", 30, NEXT_YEAR, NOW),
                () -> cards.issue(batchId(), "cc", null, 1, five, "EUR", "no-plan", 30, NEXT_YEAR, NOW));
        int before = IDS.get();
        for (Runnable attempt : bad) {
            assertThrows(AdminException.class, attempt::run);
        }
        for (int id = before + 1; id <= IDS.get(); id++) {
            assertFalse(admin.account(CallingCards.accountOf("k" + id, 1)).isPresent());
        }
        String once = batchId();
        cards.issue(once, "cc", null, 1, five, "EUR", "cc-flat", 30, NEXT_YEAR, NOW);
        AdminException twice = assertThrows(AdminException.class,
                () -> cards.issue(once, "cc", null, 1, five, "EUR", "cc-flat", 30, NEXT_YEAR, NOW));
        assertEquals("BATCH_EXISTS", twice.code());
    }

    private static String batchId() {
        return "k" + IDS.incrementAndGet();
    }

    private static long balance(String id) {
        return admin.account(id).orElseThrow().balanceMicros();
    }

    private static List<Transfer> cardTransfers(String account) {
        return admin.transfersOf(account).stream().filter(t -> t.transferId().startsWith("card:")).toList();
    }
}
