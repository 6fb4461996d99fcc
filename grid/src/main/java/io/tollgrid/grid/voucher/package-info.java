/**
 * Prepaid vouchers: batches of random codes with a Damm check digit, a face value, a currency and an expiry,
 * stored only as the SHA-256 of each code, and their redemption into an account as one ledger transfer whose id
 * is the voucher's ({@code voucher:<voucherId>}), so a voucher moves money once however often or however
 * concurrently it is redeemed. Owns the {@code vouchers} and {@code voucher_batches} caches; it moves money
 * only through {@link io.tollgrid.grid.charging.ChargingClient}, never by writing an account itself.
 */
package io.tollgrid.grid.voucher;
