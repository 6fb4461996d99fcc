package io.tollgrid.grid.charging;

import java.util.function.BooleanSupplier;

/**
 * One charging operation with its reference data already read (plan, deck rate, tenant chain), waiting
 * for a transaction. {@link StepRunner} runs it in a transaction of its own or in one shared by a batch.
 *
 * @param accountId          the account it locks first
 * @param takesTenantCounters whether it takes tenant call counters, which a shared transaction must not take;
 *                           asked only when the step is part of a batch, so a lone step pays no extra read
 * @param txSize             how many entries it touches, a hint for the transaction; 0 runs the body without one
 */
record Step<T>(String accountId, BooleanSupplier takesTenantCounters, int txSize, Body<T> body) {

    /** The part that runs under the locks. */
    @FunctionalInterface
    interface Body<T> {
        /** @param shared true inside a transaction shared by a batch; then tenant counters are off limits */
        T apply(boolean shared);
    }

    /** A step decided before any lock (unknown account, invalid amount): it answers and touches nothing. */
    static <T> Step<T> without(String accountId, T answer) {
        return new Step<>(accountId, () -> false, 0, shared -> answer);
    }

    /**
     * Thrown by a step in a shared transaction that found, under the lock, that it needs tenant counters
     * after all (its session appeared after it was planned). The batch rolls back and runs its steps alone.
     */
    static final class CannotShareTransaction extends RuntimeException {
        CannotShareTransaction() {
            super("this step takes tenant counters and must run in a transaction of its own", null, false, false);
        }
    }
}
