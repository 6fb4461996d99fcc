package io.tollgrid.rating.deck;

/** The name and group of a destination prefix, shared by every rate that carries the same pair. */
public record Destination(String description, String group) {
    public Destination {
        if (description == null || group == null) {
            throw new IllegalArgumentException("description and group must not be null");
        }
    }
}
