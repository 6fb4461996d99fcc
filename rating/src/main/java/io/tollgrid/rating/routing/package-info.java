/**
 * Least-cost routing as pure logic: carriers with their SIP gateways and limits, route plans (least cost,
 * priority, weighted load sharing, quality), per-destination overrides, and the bounded ASR/ACD window
 * that quality routing reads. {@link io.tollgrid.rating.routing.Router} turns a callee, its sell price and
 * a plan into an ordered route list. A carrier's buy rates are a plan of a compiled
 * {@link io.tollgrid.rating.deck.RateDeck}, found by the deck's own prefix lookup. Holds no state, stores
 * nothing, counts no calls (carrier limits are data here; counting them is the grid's job) and never moves
 * money.
 */
package io.tollgrid.rating.routing;
