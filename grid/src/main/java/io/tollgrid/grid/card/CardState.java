package io.tollgrid.grid.card;

/** A calling card's life: made and not used yet, or activated by its first call (its validity running). */
public enum CardState {
    INACTIVE, ACTIVE
}
