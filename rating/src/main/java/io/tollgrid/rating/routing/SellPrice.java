package io.tollgrid.rating.routing;

/**
 * What the caller pays for the call, in micros, for a given length: usually the account's deck rate at the
 * call's start ({@code seconds -> rate.cost(start, seconds)}). The router compares it with each buy cost.
 */
@FunctionalInterface
public interface SellPrice {
    long costMicros(long durationSeconds);
}
