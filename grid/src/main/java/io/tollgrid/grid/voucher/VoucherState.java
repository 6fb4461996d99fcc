package io.tollgrid.grid.voucher;

/**
 * ISSUED until a redemption claims it for one account (CLAIMED), then REDEEMED once its transfer has applied.
 * A claim fixes the account: from then on the voucher can only ever pay that account.
 */
public enum VoucherState {
    ISSUED, CLAIMED, REDEEMED
}
