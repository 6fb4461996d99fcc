package io.tollgrid.grid.voucher;

/**
 * What an expired batch's escrow gave back to its tenant's wallet: {@code amountMicros} under {@code transferId},
 * or 0 and no transfer when nothing was left (reclaimed before, or every voucher redeemed).
 */
public record Reclaim(String batchId, String walletAccount, long amountMicros, String transferId) {
}
