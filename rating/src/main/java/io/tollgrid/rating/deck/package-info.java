/**
 * The rate deck: rows that define plans, bands and rates (the import/export form), the builder that
 * validates and compiles them all-or-nothing into an immutable {@link io.tollgrid.rating.deck.RateDeck},
 * and the compiled {@link io.tollgrid.rating.deck.Rate} that prices a call and inverts the price into a
 * maximum duration. Swapping versions is {@link io.tollgrid.rating.deck.CurrentDeck}. Never reads files;
 * CSV lives in {@code io.tollgrid.rating.csv}.
 */
package io.tollgrid.rating.deck;
