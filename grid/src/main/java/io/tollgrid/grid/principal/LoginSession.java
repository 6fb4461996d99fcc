package io.tollgrid.grid.principal;

/** A login session as stored under its token's SHA-256: whose, since when, last used when. */
final class LoginSession {
    private final String principalId;
    private final long createdAtMillis;
    private final long lastSeenMillis;

    LoginSession(String principalId, long createdAtMillis, long lastSeenMillis) {
        this.principalId = principalId;
        this.createdAtMillis = createdAtMillis;
        this.lastSeenMillis = lastSeenMillis;
    }

    String principalId() {
        return principalId;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    LoginSession seenAt(long nowMillis) {
        return new LoginSession(principalId, createdAtMillis, nowMillis);
    }
}
