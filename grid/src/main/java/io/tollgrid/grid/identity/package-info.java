/**
 * Who pays for a call: maps what a switch knows (SIP user, source IP, number prefix, extension, account
 * code, PIN) to an account and, optionally, a subscriber. Partitioned by identity, so millions of
 * calling-card PINs spread over the cluster. Also the switches' own credentials (per-switch key or
 * source IP, per tenant), held by every gateway in memory.
 */
package io.tollgrid.grid.identity;
