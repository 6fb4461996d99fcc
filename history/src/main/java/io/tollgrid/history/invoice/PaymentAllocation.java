package io.tollgrid.history.invoice;

import io.tollgrid.money.Money;

import java.util.Map;

/**
 * What one payment settled: invoice key to micros, oldest invoice first. What the allocations do not cover is left
 * on the account's balance (the ledger transfer carries the whole amount). {@code replay}: recorded before.
 */
public record PaymentAllocation(String paymentId, String accountId, Money amount, Map<String, Long> allocations,
                                boolean replay) {
    public PaymentAllocation {
        allocations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(allocations));
        long allocated = allocations.values().stream().mapToLong(Long::longValue).sum();
        if (allocated > amount.micros()) {
            throw new IllegalStateException("payment " + paymentId + " allocated " + allocated + " of " + amount);
        }
    }

    public Money unallocated() {
        return Money.ofMicros(amount.micros() - allocations.values().stream().mapToLong(Long::longValue).sum());
    }
}
