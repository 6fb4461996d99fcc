/**
 * Dialled numbers: normalisation per source or trunk to E.164 digits, their packing into a long, the
 * allocation-free longest-prefix index, and the prefix sets that decide the call type. Knows nothing of
 * prices.
 */
package io.tollgrid.rating.prefix;
