/**
 * Rate plans as the grid stores them: flat-rate plans (one tariff per plan, the skeleton's) and versioned
 * rate decks. Deck versions live in the replicated rate_decks cache; every server node holds the active one
 * compiled ({@link io.tollgrid.grid.rateplan.NodeDecks}); {@link io.tollgrid.grid.rateplan.RateDecks} uploads
 * and activates them. The pricing arithmetic lives in the rating library; this package stores, compiles
 * and hands out decks, and never moves money.
 */
package io.tollgrid.grid.rateplan;
