package io.tollgrid.grid.card;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.identity.Identity;
import io.tollgrid.grid.identity.IdentityKind;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.voucher.Escrows;
import io.tollgrid.grid.voucher.VoucherCodes;
import io.tollgrid.money.Money;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * Makes batches of calling cards and activates a card at its PIN's first authorise.
 *
 * <p>A card is an account of the batch's tenant ({@code card:<batchId>:<n>}), FROZEN and with no money while it is
 * INACTIVE, and a PIN identity naming it. Its face value reaches it when it is first used, by one transfer
 * {@code card:<account>}: for the operator's batch an operator payment (TOPUP, like a voucher of the operator's); for a
 * reseller's batch a transfer from the batch's escrow account ({@code cards:<batchId>}), which the reseller's wallet
 * prepaid with count x face value when the batch was made, so a reseller never mints money. The activation then
 * unfreezes the account and starts the card's validity ({@code validDays}). Each step is idempotent (a replayed
 * transfer moves nothing; the activation's transaction acts on an INACTIVE card only), so concurrent first calls or
 * a crash between the steps activate and fund the card once.
 */
public final class CallingCards {
    /** The most cards one batch may hold: one transaction writes them all. */
    public static final int MAX_BATCH = 1_000;
    public static final int MAX_VALID_DAYS = 366;
    /** The latest first use a batch may allow, from when it is made. */
    public static final Duration MAX_USE_BY = Duration.ofDays(5 * 366);
    /** A card's PIN: random digits and one Damm check digit. */
    public static final int PIN_RANDOM_DIGITS = 11;
    /** Activations waiting for a thread at once; past it a first call is refused (CARD_BUSY) and may be tried again. */
    static final int ACTIVATION_QUEUE = 1_000;
    private static final long TX_TIMEOUT_MILLIS = 30_000;
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Ignite ignite;
    private final IgniteCache<String, CallingCard> cards;
    private final IgniteCache<String, Account> accounts;
    private final IgniteCache<String, Identity> identities;
    private final GridAdmin admin;
    private final ChargingClient charging;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService activations;

    public CallingCards(Ignite ignite, ChargingClient charging) {
        this.ignite = ignite;
        this.cards = ignite.cache(Caches.CALLING_CARDS);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.identities = ignite.cache(Caches.IDENTITIES);
        this.admin = new GridAdmin(ignite);
        this.charging = charging;
        AtomicLong threads = new AtomicLong();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ACTIVATION_QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "tollgrid-card-activation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        this.activations = pool;
    }

    /** The escrow account of a reseller's batch. */
    public static String escrowAccountOf(String batchId) {
        return "cards:" + batchId;
    }

    /** The account of the n-th card of a batch (from 1). */
    public static String accountOf(String batchId, int n) {
        return "card:" + batchId + ":" + n;
    }

    /**
     * Makes {@code count} cards of {@code tenantId} and returns their PINs in clear, the only time they are shown.
     * {@code funderTenantId} null is the operator's batch; otherwise that tenant's wallet prepays count x face value
     * first (refused, and nothing made, when it cannot; keyed by the batch id, so never taken twice).
     */
    public IssuedCards issue(String batchId, String tenantId, String funderTenantId, int count, Money faceValue,
                             String currency, String ratePlanId, int validDays, Instant useBy, Instant now) {
        if (batchId == null || !BATCH_ID.matcher(batchId).matches()) {
            throw new AdminException("BATCH_INVALID", "a batch id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (count < 1 || count > MAX_BATCH) {
            throw new AdminException("BATCH_INVALID", "a batch holds 1 to " + MAX_BATCH + " cards, not " + count);
        }
        if (faceValue == null || faceValue.micros() <= 0) {
            throw new AdminException("BATCH_INVALID", "the face value must be positive");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new AdminException("BATCH_INVALID", "the currency must be an ISO 4217 code such as EUR");
        }
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw new AdminException("BATCH_INVALID", "'validDays' is 1 to " + MAX_VALID_DAYS);
        }
        if (!useBy.isAfter(now) || useBy.isAfter(now.plus(MAX_USE_BY))) {
            throw new AdminException("BATCH_INVALID", "the use-by must be in the future and within "
                    + MAX_USE_BY.toDays() + " days");
        }
        if (admin.tenant(tenantId).isEmpty()) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId);
        }
        if (admin.ratePlan(ratePlanId).isEmpty()) {
            throw new AdminException("RATE_PLAN_UNKNOWN", "no rate plan " + ratePlanId);
        }
        if (accounts.get(accountOf(batchId, 1)) != null) {
            throw new AdminException("BATCH_EXISTS", "batch " + batchId + " exists; its PINs are not shown again");
        }
        String escrow = funderTenantId == null ? null : escrowAccountOf(batchId);
        if (escrow != null) {
            Escrows.prepay(admin, charging, funderTenantId, escrow, currency,
                    Math.multiplyExact(faceValue.micros(), (long) count), "card-batch:" + batchId,
                    "calling card batch " + batchId, now);
        }
        Map<String, Account> newAccounts = new TreeMap<>(); // sorted: the lock order of the transaction below
        Map<String, CallingCard> newCards = new TreeMap<>();
        Map<String, Identity> pins = new TreeMap<>();
        List<IssuedCards.Card> issued = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            String accountId = accountOf(batchId, n);
            String pin;
            do {
                pin = pin();
            } while (pins.containsKey(IdentityKind.PIN.key(pin)));
            newAccounts.put(accountId, Account.open(tenantId, accountId, currency, ratePlanId, PayType.PREPAID,
                    ReservationStrategy.FULL, AccountLimits.NONE, 0, 0, 0).withStatus(AccountStatus.FROZEN));
            newCards.put(accountId, new CallingCard(accountId, batchId, escrow, faceValue.micros(), validDays,
                    useBy.toEpochMilli(), CardState.INACTIVE, 0, 0));
            pins.put(IdentityKind.PIN.key(pin), new Identity(IdentityKind.PIN, pin, accountId, null));
            issued.add(new IssuedCards.Card(accountId, pin));
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS,
                3 * count)) {
            if (!accounts.getAll(newAccounts.keySet()).isEmpty()) {
                throw new AdminException("BATCH_EXISTS", "an account of batch " + batchId + " exists");
            }
            if (!identities.getAll(pins.keySet()).isEmpty()) {
                // About count x (PINs in use) / 10^11 per batch; making it again draws new PINs.
                throw new AdminException("PIN_COLLISION", "a new PIN equals one in use; make batch " + batchId
                        + " again");
            }
            accounts.putAll(newAccounts);
            cards.putAll(newCards);
            identities.putAll(pins);
            tx.commit();
        }
        return new IssuedCards(batchId, tenantId, escrow, count, faceValue.micros(), currency, validDays,
                useBy.toEpochMilli(), issued);
    }

    private String pin() {
        StringBuilder digits = new StringBuilder(PIN_RANDOM_DIGITS + 1);
        for (int i = 0; i < PIN_RANDOM_DIGITS; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.append((char) ('0' + VoucherCodes.checkDigit(digits))).toString();
    }

    public Optional<CallingCard> card(String accountId) {
        return Optional.ofNullable(cards.get(accountId));
    }

    /**
     * Whether a call paid by this account may go ahead as far as calling cards are concerned: empty for an account
     * that is no card and for an active card within its validity; CARD_EXPIRED for a card past it (or never used
     * before its batch's use-by). An inactive card is activated first (funded, unfrozen, its validity started), on
     * this class's own threads; CARD_BUSY when too many wait, CARD_NOT_FUNDED when its transfer is refused.
     * Never blocks the caller.
     */
    public CompletableFuture<Optional<String>> admit(String accountId, long nowMillis) {
        return completable(cards.getAsync(accountId)).thenCompose(card -> {
            if (card == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (card.expiredAt(nowMillis)) {
                return CompletableFuture.completedFuture(Optional.of("CARD_EXPIRED"));
            }
            if (card.state() == CardState.ACTIVE) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            try {
                return CompletableFuture.supplyAsync(() -> activate(card, nowMillis), activations);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return CompletableFuture.completedFuture(Optional.of("CARD_BUSY"));
            }
        });
    }

    /** Funds the card (idempotent transfer), then unfreezes it and starts its validity in one transaction. */
    private Optional<String> activate(CallingCard card, long nowMillis) {
        String transferId = "card:" + card.accountId();
        TransferResult funded = await(card.escrowAccount() == null
                ? charging.transfer(card.accountId(), transferId, TransferKind.TOPUP, card.faceValueMicros(), nowMillis,
                "calling card " + card.batchId())
                : charging.transferBetween(card.escrowAccount(), card.accountId(), transferId, card.faceValueMicros(),
                nowMillis, "calling card " + card.batchId()));
        if (funded.refusal() != null) {
            return Optional.of("CARD_NOT_FUNDED");
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Account account = accounts.get(card.accountId());
            CallingCard current = cards.get(card.accountId());
            if (account == null || current == null) {
                return Optional.of("CARD_NOT_FUNDED");
            }
            if (current.state() == CardState.INACTIVE) {
                // Activated once, here: a concurrent first call finds it ACTIVE and leaves it as it is.
                cards.put(card.accountId(), current.activated(nowMillis));
                if (account.status() == AccountStatus.FROZEN) {
                    accounts.put(card.accountId(), account.withStatus(AccountStatus.ACTIVE));
                }
            }
            tx.commit();
        }
        return Optional.empty();
    }

    private static TransferResult await(CompletableFuture<TransferResult> transfer) {
        return Escrows.await(transfer);
    }

    private static <T> CompletableFuture<T> completable(org.apache.ignite.lang.IgniteFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.listen(done -> {
            try {
                result.complete(done.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
