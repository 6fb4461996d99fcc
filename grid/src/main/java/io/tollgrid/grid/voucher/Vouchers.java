package io.tollgrid.grid.voucher;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.grid.tenancy.TenantTree;
import io.tollgrid.money.Money;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * Makes voucher batches and redeems vouchers. Who funds a voucher: the operator's batch (no issuer) is paid for
 * outside the ledger, so its redemption is a TOPUP, new money like a recorded payment. A tenant's batch is
 * prepaid in full from the tenant's wallet when it is made, by one transfer into an escrow account of the
 * tenant's ({@code vouchers:<batchId>}, frozen so no call can spend it); each redemption is then a transfer from
 * the escrow, so a reseller's vouchers never create money and always find their money there.
 *
 * <p>A redemption is three short steps, each idempotent: claim the voucher for the account (one transaction on
 * the voucher's entry, so of any number of concurrent redemptions exactly one claims it), post the transfer
 * with the voucher's id (a replay applies nothing), mark the voucher redeemed. A crash between them leaves a
 * claim for one account; the same account redeeming again once the claim is {@link #STALE_CLAIM} old finishes it.
 */
public final class Vouchers {
    /** The most vouchers one batch may hold: one transaction writes them all. */
    public static final int MAX_BATCH = 10_000;
    /** The latest expiry a batch may have, from when it is made. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(5 * 366);
    /** A claim older than this, still not redeemed, is taken to have lost its redemption (a crash). */
    static final Duration STALE_CLAIM = Duration.ofSeconds(60);
    /** How long a redemption waits for its ledger transfer; past it the claim stays for a retry. */
    static final long TRANSFER_TIMEOUT_SECONDS = 30;
    private static final long TX_TIMEOUT_MILLIS = 30_000;
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Ignite ignite;
    private final IgniteCache<String, Voucher> vouchers;
    private final IgniteCache<String, VoucherBatch> batches;
    private final GridAdmin admin;
    private final TenantTree tree;
    private final ChargingClient charging;
    private final SecureRandom random = new SecureRandom();

    public Vouchers(Ignite ignite, ChargingClient charging) {
        this.ignite = ignite;
        this.vouchers = ignite.cache(Caches.VOUCHERS);
        this.batches = ignite.cache(Caches.VOUCHER_BATCHES);
        this.admin = new GridAdmin(ignite);
        this.tree = new TenantTree(ignite);
        this.charging = charging;
    }

    /** The escrow account of a tenant's batch. */
    public static String escrowAccountOf(String batchId) {
        return "vouchers:" + batchId;
    }

    /**
     * Makes a batch of {@code count} vouchers and returns their codes in clear, the only time they are shown.
     * {@code issuerTenantId} null is the operator's batch; otherwise the tenant's wallet pays count x face value
     * first (refused, and nothing made, when it cannot). A batch id is used once: made again it is refused with
     * BATCH_EXISTS, and its wallet payment, keyed by the batch id, is never taken twice.
     */
    public IssuedBatch generate(String batchId, String issuerTenantId, int count, Money faceValue, String currency,
                                Instant expiresAt, Instant now) {
        if (batchId == null || !BATCH_ID.matcher(batchId).matches()) {
            throw new AdminException("BATCH_INVALID", "a batch id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (count < 1 || count > MAX_BATCH) {
            throw new AdminException("BATCH_INVALID", "a batch holds 1 to " + MAX_BATCH + " vouchers, not " + count);
        }
        if (faceValue.micros() <= 0) {
            throw new AdminException("BATCH_INVALID", "the face value must be positive");
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new AdminException("BATCH_INVALID", "the currency must be an ISO 4217 code such as EUR");
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_VALIDITY))) {
            throw new AdminException("BATCH_INVALID", "the expiry must be in the future and within "
                    + MAX_VALIDITY.toDays() + " days");
        }
        if (batches.get(batchId) != null) {
            throw new AdminException("BATCH_EXISTS", "batch " + batchId + " exists; its codes are not shown again");
        }
        String escrow = issuerTenantId == null ? null : prepay(batchId, issuerTenantId, count, faceValue, currency, now);
        VoucherBatch batch = new VoucherBatch(batchId, issuerTenantId, escrow, faceValue.micros(), currency,
                expiresAt.toEpochMilli(), count, now.toEpochMilli());
        Map<String, Voucher> byHash = new TreeMap<>(); // sorted: the lock order of the transaction below
        List<IssuedBatch.IssuedCode> codes = new ArrayList<>(count);
        while (codes.size() < count) {
            String code = VoucherCodes.generate(random);
            String voucherId = batchId + "-" + (codes.size() + 1);
            if (byHash.putIfAbsent(VoucherCodes.hash(code), Voucher.issued(voucherId, batch)) == null) {
                codes.add(new IssuedBatch.IssuedCode(voucherId, code));
            }
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS,
                count + 1)) {
            if (batches.get(batchId) != null) {
                throw new AdminException("BATCH_EXISTS", "batch " + batchId + " exists; its codes are not shown again");
            }
            if (!vouchers.getAll(byHash.keySet()).isEmpty()) {
                // About count / 10^18 per batch; making it again draws new codes (the prepayment is not taken twice).
                throw new IllegalStateException("a new voucher code equals an existing one; make batch " + batchId
                        + " again");
            }
            vouchers.putAll(byHash);
            batches.put(batchId, batch);
            tx.commit();
        }
        return new IssuedBatch(batch, codes);
    }

    /** Pays a tenant's whole batch from its wallet into the batch's escrow account, once per batch id. */
    private String prepay(String batchId, String tenantId, int count, Money faceValue, String currency, Instant now) {
        String escrow = escrowAccountOf(batchId);
        Escrows.prepay(admin, charging, tenantId, escrow, currency, Math.multiplyExact(faceValue.micros(), (long) count),
                "voucher-batch:" + batchId, "voucher batch " + batchId, now);
        return escrow;
    }

    /**
     * Redeems a code into an account: the caller has checked that the account is the tenant's to reach. Every
     * outcome but REDEEMED changes nothing.
     */
    public Redemption redeem(String accountId, String typedCode, Instant now) {
        String code = VoucherCodes.normalise(typedCode);
        if (code == null) {
            return Redemption.refused(Redemption.Outcome.MALFORMED);
        }
        if (!VoucherCodes.hasValidCheckDigit(code)) {
            return Redemption.refused(Redemption.Outcome.BAD_CHECK_DIGIT);
        }
        Account account = admin.account(accountId).orElse(null);
        if (account == null || account.status() == AccountStatus.CLOSED) {
            // Refused before the claim: the operator's TOPUP would credit a closed account, which nothing spends.
            return new Redemption(Redemption.Outcome.TRANSFER_REFUSED, null, 0, null, null,
                    account == null ? "ACCOUNT_UNKNOWN" : "ACCOUNT_CLOSED");
        }
        String hash = VoucherCodes.hash(code);
        String token = UUID.randomUUID().toString();
        Claim claim = claim(hash, account, token, now);
        if (claim.refusal() != null) {
            return claim.refusal();
        }
        Voucher voucher = claim.voucher();
        TransferResult result = await(voucher.escrowAccount() == null
                ? charging.transfer(accountId, voucher.transferId(), TransferKind.TOPUP, voucher.faceValueMicros(),
                        now.toEpochMilli(), "voucher " + voucher.voucherId())
                : charging.transferBetween(voucher.escrowAccount(), accountId, voucher.transferId(),
                        voucher.faceValueMicros(), now.toEpochMilli(), "voucher " + voucher.voucherId()));
        if (result.refusal() != null) {
            release(hash, token);
            return new Redemption(Redemption.Outcome.TRANSFER_REFUSED, voucher.voucherId(), voucher.faceValueMicros(),
                    voucher.currency(), null, result.refusal());
        }
        // Ledger invariant: a voucher credits its account with exactly its face value, once.
        if (result.transfer().amountMicros() != voucher.faceValueMicros()
                || !result.transfer().accountId().equals(accountId)) {
            throw new IllegalStateException("voucher " + voucher.voucherId() + " was paid "
                    + result.transfer().amountMicros() + " into " + result.transfer().accountId()
                    + ", not its face value into " + accountId);
        }
        markRedeemed(hash, now);
        return new Redemption(Redemption.Outcome.REDEEMED, voucher.voucherId(), voucher.faceValueMicros(),
                voucher.currency(), result.transfer(), null);
    }

    /** A claimed voucher, or the refusal that stopped the claim. */
    record Claim(Voucher voucher, Redemption refusal) {
    }

    /** Claims the voucher for the account under its lock; exactly one of concurrent claims wins. */
    Claim claim(String hash, Account account, String token, Instant now) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            Voucher voucher = vouchers.get(hash);
            if (voucher == null || !reaches(voucher, account)) {
                return new Claim(null, Redemption.refused(Redemption.Outcome.UNKNOWN));
            }
            switch (voucher.state()) {
                case REDEEMED -> {
                    return new Claim(null, Redemption.refused(Redemption.Outcome.USED, voucher));
                }
                case CLAIMED -> {
                    boolean lostBySameAccount = voucher.accountId().equals(account.accountId())
                            && now.toEpochMilli() - voucher.claimedAtMillis() >= STALE_CLAIM.toMillis();
                    if (!lostBySameAccount) {
                        return new Claim(null, Redemption.refused(Redemption.Outcome.USED, voucher));
                    }
                }
                case ISSUED -> {
                    if (now.toEpochMilli() >= voucher.expiresAtMillis()) {
                        return new Claim(null, Redemption.refused(Redemption.Outcome.EXPIRED, voucher));
                    }
                    if (!voucher.currency().equals(account.currency())) {
                        return new Claim(null, Redemption.refused(Redemption.Outcome.CURRENCY_MISMATCH, voucher));
                    }
                }
            }
            // A claim taken over from a lost redemption keeps its account: the transfer id is per account, so
            // only that account can ever have received this voucher's money.
            Voucher claimed = voucher.claimed(account.accountId(), token, now.toEpochMilli());
            vouchers.put(hash, claimed);
            tx.commit();
            return new Claim(claimed, null);
        }
    }

    /** A tenant's voucher is redeemable only inside the issuer's subtree; the operator's anywhere. */
    private boolean reaches(Voucher voucher, Account account) {
        return voucher.issuerTenantId() == null || tree.isWithin(account.tenantId(), voucher.issuerTenantId());
    }

    /** Gives a claim back after its transfer was refused, unless another redemption has taken it over since. */
    private void release(String hash, String token) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            Voucher voucher = vouchers.get(hash);
            if (voucher != null && voucher.state() == VoucherState.CLAIMED && token.equals(voucher.claimToken())) {
                vouchers.put(hash, voucher.released());
            }
            tx.commit();
        }
    }

    private void markRedeemed(String hash, Instant now) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            Voucher voucher = vouchers.get(hash);
            if (voucher.state() == VoucherState.CLAIMED) {
                vouchers.put(hash, voucher.redeemed(now.toEpochMilli()));
            }
            tx.commit();
        }
    }

    /**
     * Gives what is left in an expired tenant's batch's escrow back to the tenant's wallet, by one transfer between
     * accounts ({@code voucher-reclaim:<batchId>}). Refused while a voucher is claimed (its redemption may still pay
     * from the escrow): after the expiry no voucher can be claimed again, so once none is, the money left belongs
     * to unredeemed vouchers that can no longer be redeemed.
     */
    public Reclaim reclaim(String batchId, Instant now) {
        VoucherBatch batch = Optional.ofNullable(batches.get(batchId))
                .orElseThrow(() -> new AdminException("BATCH_UNKNOWN", "no voucher batch " + batchId));
        if (batch.escrowAccount() == null) {
            throw new AdminException("NOT_PREPAID", "batch " + batchId + " is the operator's; it holds no money");
        }
        if (now.toEpochMilli() < batch.expiresAtMillis()) {
            throw new AdminException("BATCH_NOT_EXPIRED", "batch " + batchId + " expires at "
                    + Instant.ofEpochMilli(batch.expiresAtMillis()));
        }
        BatchStatus status = status(batchId).orElseThrow();
        if (status.claimed() > 0) {
            throw new AdminException("CLAIMS_IN_PROGRESS", status.claimed() + " voucher(s) of batch " + batchId
                    + " are being redeemed; reclaim once they are done");
        }
        String wallet = admin.tenant(batch.issuerTenantId()).map(Tenant::walletAccount)
                .orElseThrow(() -> new AdminException("NO_WALLET", "tenant " + batch.issuerTenantId()
                        + " has no wallet account to give the money back to"));
        long left = admin.account(batch.escrowAccount()).orElseThrow().balanceMicros();
        if (left == 0) {
            return new Reclaim(batchId, wallet, 0, null); // reclaimed before, or every voucher redeemed
        }
        // Ledger invariant: until it is reclaimed, the escrow holds the face value of every voucher never redeemed.
        if (left < Math.multiplyExact(batch.faceValueMicros(), (long) status.issued())) {
            throw new IllegalStateException("escrow " + batch.escrowAccount() + " holds " + left + ", less than its "
                    + status.issued() + " unredeemed vouchers");
        }
        String transferId = "voucher-reclaim:" + batchId;
        TransferResult back = await(charging.transferBetween(batch.escrowAccount(), wallet, transferId, left,
                now.toEpochMilli(), "unredeemed vouchers of expired batch " + batchId));
        if (back.refusal() != null) {
            throw new AdminException(back.refusal(), "giving batch " + batchId + "'s escrow back was refused: "
                    + back.refusal());
        }
        return new Reclaim(batchId, wallet, left, transferId);
    }

    /** The batch and how many of its vouchers are in each state; scans the vouchers, for the operator only. */
    public Optional<BatchStatus> status(String batchId) {
        VoucherBatch batch = batches.get(batchId);
        if (batch == null) {
            return Optional.empty();
        }
        int[] counts = new int[VoucherState.values().length];
        vouchers.query(new ScanQuery<String, Voucher>((hash, voucher) -> voucher.batchId().equals(batchId)))
                .forEach(entry -> counts[entry.getValue().state().ordinal()]++);
        return Optional.of(new BatchStatus(batch, counts[VoucherState.ISSUED.ordinal()],
                counts[VoucherState.CLAIMED.ordinal()], counts[VoucherState.REDEEMED.ordinal()]));
    }

    private static TransferResult await(CompletableFuture<TransferResult> transfer) {
        return Escrows.await(transfer);
    }
}
