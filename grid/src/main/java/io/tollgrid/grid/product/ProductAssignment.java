package io.tollgrid.grid.product;

import java.util.Objects;

/**
 * A product assigned to an account, from {@code assignedAtMillis}, colocated with the account. {@code
 * chargedUntilMillis} is how far its charges have been posted (the end of the last period charged; for a one-off
 * product {@link Long#MAX_VALUE} once charged): only a cursor that spares a run re-posting old periods. What was
 * charged is what the ledger holds, keyed by (product, account, period).
 */
public final class ProductAssignment {
    private final String accountId;
    private final String productId;
    private final long assignedAtMillis;
    private final long chargedUntilMillis;

    public ProductAssignment(String accountId, String productId, long assignedAtMillis, long chargedUntilMillis) {
        this.accountId = Objects.requireNonNull(accountId);
        this.productId = Objects.requireNonNull(productId);
        if (chargedUntilMillis < 0) {
            throw new IllegalArgumentException("charged-until must not be negative");
        }
        this.assignedAtMillis = assignedAtMillis;
        this.chargedUntilMillis = chargedUntilMillis;
    }

    public String accountId() { return accountId; }
    public String productId() { return productId; }
    public long assignedAtMillis() { return assignedAtMillis; }
    public long chargedUntilMillis() { return chargedUntilMillis; }

    /** The cursor moved forward, never back: two runs at once may finish in any order. */
    ProductAssignment chargedUntil(long millis) {
        return new ProductAssignment(accountId, productId, assignedAtMillis, Math.max(chargedUntilMillis, millis));
    }
}
