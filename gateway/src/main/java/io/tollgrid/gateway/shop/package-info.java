/**
 * The call shop's API: the shop (booths, sell prices, wallet), its operators' day sessions, their calls (read from
 * the CDR history), payments with receipts (HTML and PDF), the day report and the live booths. State lives in
 * {@link io.tollgrid.grid.shop.Shops}; this package reads CDRs and never touches the call path.
 */
package io.tollgrid.gateway.shop;
