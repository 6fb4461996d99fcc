/**
 * Calling cards: batches of prepaid PIN accounts, inactive until their PIN's first authorise, which funds the card and
 * starts its validity (docs/back-office.md, "Calling cards").
 */
package io.tollgrid.grid.card;
