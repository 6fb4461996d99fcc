package io.tollgrid.rating.routing;

/** A carrier left out of a route list, and why. */
public record Skipped(String carrierId, SkipReason reason) {
}
