/**
 * The voucher endpoints: the operator makes batches (POST /admin/voucher-batches) and reads their state, a tenant
 * redeems a code into one of its accounts (POST /v1/accounts/{account}/vouchers/redeem). Codes and money stay in
 * {@link io.tollgrid.grid.voucher.Vouchers}; this package maps its outcomes to HTTP, and counts unknown codes as
 * failed authentications for {@link io.tollgrid.gateway.lockout.AuthLockout}, which rate-limits guessing.
 */
package io.tollgrid.gateway.voucher;
