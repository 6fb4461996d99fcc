package io.tollgrid.grid.voucher;

/** How many of a batch's vouchers are in each state now. */
public record BatchStatus(VoucherBatch batch, int issued, int claimed, int redeemed) {
}
