/**
 * The rating vocabulary shared by every caller: call types, the verdict of a rating, and the flat
 * tariff the walking skeleton charges with. The rate deck itself lives in
 * {@link io.tollgrid.rating.deck}. Pure library: no cluster, network or storage types.
 */
package io.tollgrid.rating;
