/**
 * Call shops: a shop is a tenant whose booths are some of its accounts, with its own sell prices per destination
 * (a markup or a fixed price per minute over what the operator charges the booth), and its operators' day
 * sessions: an opening cash float, the calls of its booths while the session is open, each unserved, paid or
 * unpaid, receipts for paid calls, and the day report at close. Owns the {@code shops}, {@code shop_sessions},
 * {@code shop_open_sessions} and {@code shop_receipts} caches. It reads accounts through
 * {@link io.tollgrid.grid.admin.GridAdmin} and never touches charging, sessions or the ledger: calls come to it
 * already rated, from the CDR history, through the gateway. Beside them, read-only, the calls in progress of a
 * booth ({@link io.tollgrid.grid.shop.LiveBooths}) and of a tenant's own accounts
 * ({@link io.tollgrid.grid.shop.TenantLiveCalls}), read from the markers of calls in progress and their sessions.
 */
package io.tollgrid.grid.shop;
