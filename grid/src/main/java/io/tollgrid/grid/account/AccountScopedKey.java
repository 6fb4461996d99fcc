package io.tollgrid.grid.account;

import org.apache.ignite.cache.affinity.AffinityKeyMapped;

import java.util.Objects;

/** The key of anything that belongs to one account (a transfer, an event); colocated with the account. */
public final class AccountScopedKey {
    @AffinityKeyMapped
    private final String accountId;
    private final String id;

    public AccountScopedKey(String accountId, String id) {
        this.accountId = Objects.requireNonNull(accountId);
        this.id = Objects.requireNonNull(id);
    }

    public String accountId() { return accountId; }
    public String id() { return id; }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountScopedKey key && key.accountId.equals(accountId) && key.id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, id);
    }

    @Override
    public String toString() {
        return accountId + "/" + id;
    }
}
