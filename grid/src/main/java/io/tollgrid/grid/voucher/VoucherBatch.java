package io.tollgrid.grid.voucher;

import java.util.Objects;

/**
 * A batch of vouchers with one face value, currency and expiry, as the grid keeps it.
 *
 * @param issuerTenantId null for the operator's batch (redeeming creates money, like a recorded payment); else
 *                       the tenant whose wallet prepaid the whole batch into {@code escrowAccount} when it was made
 */
public final class VoucherBatch {
    private final String batchId;
    private final String issuerTenantId;
    private final String escrowAccount;
    private final long faceValueMicros;
    private final String currency;
    private final long expiresAtMillis;
    private final int count;
    private final long createdAtMillis;

    VoucherBatch(String batchId, String issuerTenantId, String escrowAccount, long faceValueMicros, String currency,
                 long expiresAtMillis, int count, long createdAtMillis) {
        this.batchId = Objects.requireNonNull(batchId);
        this.currency = Objects.requireNonNull(currency);
        if (faceValueMicros <= 0 || count < 1 || count > Vouchers.MAX_BATCH || expiresAtMillis <= createdAtMillis) {
            throw new IllegalArgumentException("batch " + batchId + ": face value, count (1.." + Vouchers.MAX_BATCH
                    + ") and expiry after creation are required");
        }
        this.issuerTenantId = issuerTenantId;
        this.escrowAccount = escrowAccount;
        this.faceValueMicros = faceValueMicros;
        this.expiresAtMillis = expiresAtMillis;
        this.count = count;
        this.createdAtMillis = createdAtMillis;
    }

    public String batchId() { return batchId; }
    public String issuerTenantId() { return issuerTenantId; }
    public String escrowAccount() { return escrowAccount; }
    public long faceValueMicros() { return faceValueMicros; }
    public String currency() { return currency; }
    public long expiresAtMillis() { return expiresAtMillis; }
    public int count() { return count; }
    public long createdAtMillis() { return createdAtMillis; }

    /** The whole batch's value, what a tenant's wallet prepays. */
    public long totalMicros() {
        return Math.multiplyExact(faceValueMicros, (long) count);
    }
}
