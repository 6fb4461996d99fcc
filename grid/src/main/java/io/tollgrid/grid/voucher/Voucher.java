package io.tollgrid.grid.voucher;

import java.util.Objects;

/**
 * One voucher as the grid keeps it, keyed by the SHA-256 of its code (the code itself is never stored).
 * Immutable; every change is a new value written in a transaction that holds the voucher's lock.
 */
public final class Voucher {
    private final String voucherId;
    private final String batchId;
    private final long faceValueMicros;
    private final String currency;
    private final long expiresAtMillis;
    /** The tenant whose wallet prepaid it, or null for the operator's own vouchers. */
    private final String issuerTenantId;
    /** The account holding the prepaid money, or null for the operator's. */
    private final String escrowAccount;
    private final VoucherState state;
    private final String accountId;
    private final String claimToken;
    private final long claimedAtMillis;
    private final long redeemedAtMillis;

    Voucher(String voucherId, String batchId, long faceValueMicros, String currency, long expiresAtMillis,
            String issuerTenantId, String escrowAccount, VoucherState state, String accountId, String claimToken,
            long claimedAtMillis, long redeemedAtMillis) {
        this.voucherId = Objects.requireNonNull(voucherId);
        this.batchId = Objects.requireNonNull(batchId);
        this.currency = Objects.requireNonNull(currency);
        this.state = Objects.requireNonNull(state);
        if (faceValueMicros <= 0) {
            throw new IllegalArgumentException("a voucher's face value must be positive: " + faceValueMicros);
        }
        if ((issuerTenantId == null) != (escrowAccount == null)) {
            throw new IllegalArgumentException("a tenant's voucher has an escrow account, the operator's has none");
        }
        if ((state == VoucherState.ISSUED) != (accountId == null)) {
            throw new IllegalStateException("voucher " + voucherId + " is " + state + " with account " + accountId);
        }
        this.faceValueMicros = faceValueMicros;
        this.expiresAtMillis = expiresAtMillis;
        this.issuerTenantId = issuerTenantId;
        this.escrowAccount = escrowAccount;
        this.accountId = accountId;
        this.claimToken = claimToken;
        this.claimedAtMillis = claimedAtMillis;
        this.redeemedAtMillis = redeemedAtMillis;
    }

    static Voucher issued(String voucherId, VoucherBatch batch) {
        return new Voucher(voucherId, batch.batchId(), batch.faceValueMicros(), batch.currency(),
                batch.expiresAtMillis(), batch.issuerTenantId(), batch.escrowAccount(), VoucherState.ISSUED, null, null,
                0, 0);
    }

    Voucher claimed(String account, String token, long atMillis) {
        return new Voucher(voucherId, batchId, faceValueMicros, currency, expiresAtMillis, issuerTenantId, escrowAccount,
                VoucherState.CLAIMED, account, token, atMillis, 0);
    }

    Voucher released() {
        return new Voucher(voucherId, batchId, faceValueMicros, currency, expiresAtMillis, issuerTenantId, escrowAccount,
                VoucherState.ISSUED, null, null, 0, 0);
    }

    Voucher redeemed(long atMillis) {
        if (state != VoucherState.CLAIMED) {
            throw new IllegalStateException("voucher " + voucherId + " is redeemed only from CLAIMED, not " + state);
        }
        return new Voucher(voucherId, batchId, faceValueMicros, currency, expiresAtMillis, issuerTenantId, escrowAccount,
                VoucherState.REDEEMED, accountId, claimToken, claimedAtMillis, atMillis);
    }

    /** The ledger transfer id of its redemption, the same in every account: a replay applies nothing. */
    public String transferId() {
        return "voucher:" + voucherId;
    }

    public String voucherId() { return voucherId; }
    public String batchId() { return batchId; }
    public long faceValueMicros() { return faceValueMicros; }
    public String currency() { return currency; }
    public long expiresAtMillis() { return expiresAtMillis; }
    public String issuerTenantId() { return issuerTenantId; }
    public String escrowAccount() { return escrowAccount; }
    public VoucherState state() { return state; }
    /** The account it was claimed for or paid into; null while ISSUED. */
    public String accountId() { return accountId; }
    String claimToken() { return claimToken; }
    public long claimedAtMillis() { return claimedAtMillis; }
    public long redeemedAtMillis() { return redeemedAtMillis; }
}
