package io.tollgrid.grid.session;

import org.apache.ignite.cache.affinity.AffinityKeyMapped;

import java.util.Objects;

/** Identifies one call of one account; affinity on the account keeps it beside the balance. */
public final class SessionKey {
    @AffinityKeyMapped
    private final String accountId;
    private final String callId;

    public SessionKey(String accountId, String callId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.callId = Objects.requireNonNull(callId, "callId");
    }

    public String accountId() {
        return accountId;
    }

    public String callId() {
        return callId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey key && key.accountId.equals(accountId) && key.callId.equals(callId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, callId);
    }

    @Override
    public String toString() {
        return accountId + "/" + callId;
    }
}
