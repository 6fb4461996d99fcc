package io.tollgrid.grid.identity;

import java.util.Objects;

/** What an identity resolves to: the paying account and, for extensions, SIP users and PINs, the subscriber. */
public final class Identity {
    private final IdentityKind kind;
    private final String value;
    private final String accountId;
    private final String subscriberId;

    public Identity(IdentityKind kind, String value, String accountId, String subscriberId) {
        this.kind = Objects.requireNonNull(kind);
        this.value = Objects.requireNonNull(value);
        this.accountId = Objects.requireNonNull(accountId);
        this.subscriberId = subscriberId;
    }

    public IdentityKind kind() { return kind; }
    public String value() { return value; }
    public String accountId() { return accountId; }
    public String subscriberId() { return subscriberId; }
}
