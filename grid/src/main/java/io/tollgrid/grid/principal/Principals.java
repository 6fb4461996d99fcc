package io.tollgrid.grid.principal;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.tollgrid.grid.tenancy.Tenant;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The principals store: creates principals, issues and revokes their API keys, checks and changes passwords and keeps
 * login sessions, and resolves a presented key or session token to its principal. Keys and tokens are random (256 bits)
 * and stored only as their SHA-256; passwords only as Argon2id hashes.
 *
 * <p>Limits: at most {@value #MAX_KEYS_PER_PRINCIPAL} keys per principal (revoked ones count); a session ends after
 * {@code idleTimeout} without use and after {@value #MAX_SESSION_HOURS} hours in any case.
 */
public final class Principals {
    public static final int MAX_KEYS_PER_PRINCIPAL = 20;
    public static final long MAX_SESSION_HOURS = 12;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** A session's last use is written back at most this often, not on every request. */
    static final long TOUCH_EVERY_MILLIS = 30_000;
    private static final String KEY_PREFIX = "tgk_";
    private static final String TOKEN_PREFIX = "tgs_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ignite ignite;
    private final IgniteCache<String, Principal> principals;
    private final IgniteCache<String, PrincipalKey> keys;
    private final IgniteCache<String, LoginSession> sessions;
    private final IgniteCache<String, String> tenantKeys;
    private final IgniteCache<String, Tenant> tenants;
    private final IgniteCache<String, Account> accounts;
    private final long idleMillis;
    private final LongSupplier clock;

    public Principals(Ignite ignite) {
        this(ignite, DEFAULT_IDLE_TIMEOUT, System::currentTimeMillis);
    }

    public Principals(Ignite ignite, Duration idleTimeout, LongSupplier clockMillis) {
        this.ignite = ignite;
        this.principals = ignite.cache(Caches.PRINCIPALS);
        this.keys = ignite.cache(Caches.PRINCIPAL_KEYS);
        this.sessions = ignite.cache(Caches.LOGIN_SESSIONS);
        this.tenantKeys = ignite.cache(Caches.API_KEYS);
        this.tenants = ignite.cache(Caches.TENANTS);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        this.idleMillis = idleTimeout.toMillis();
        this.clock = clockMillis;
    }

    /**
     * Creates a principal; an existing id is refused (PRINCIPAL_EXISTS), and so are an unknown tenant
     * (TENANT_UNKNOWN) and an end user's account outside its tenant (ACCOUNT_UNKNOWN). {@code password} null: keys only.
     */
    public Principal create(String principalId, Role role, String name, String tenantId, String accountId,
                            String password) {
        if (tenantId != null && tenants.get(tenantId) == null) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId);
        }
        if (accountId != null) {
            Account account = accounts.get(accountId);
            if (account == null || !account.tenantId().equals(tenantId)) {
                throw new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId + " in tenant " + tenantId);
            }
        }
        if (password != null) {
            checkAcceptable(password);
        }
        if (principalId.startsWith("tenant:")) {
            throw new AdminException("PRINCIPAL_INVALID", "principal ids starting 'tenant:' name tenant keys");
        }
        Principal principal;
        try {
            principal = new Principal(principalId, role, name, tenantId, accountId,
                    password == null ? null : Passwords.hash(password), false, clock.getAsLong());
        } catch (IllegalArgumentException e) {
            throw new AdminException("PRINCIPAL_INVALID", e.getMessage());
        }
        if (!principals.putIfAbsent(principalId, principal)) {
            throw new AdminException("PRINCIPAL_EXISTS", "principal " + principalId + " already exists");
        }
        return principal;
    }

    public Optional<Principal> principal(String principalId) {
        return Optional.ofNullable(principals.get(principalId));
    }

    /** Every principal, by id (a replicated cache: a local scan). */
    public List<Principal> all() {
        List<Principal> found = new ArrayList<>();
        principals.query(new ScanQuery<String, Principal>()).forEach(entry -> found.add(entry.getValue()));
        found.sort(Comparator.comparing(Principal::principalId));
        return found;
    }

    /** The principal's keys, oldest first (never the keys themselves). */
    public List<PrincipalKey> keysOf(String principalId) {
        List<PrincipalKey> found = new ArrayList<>();
        keys.query(new ScanQuery<String, PrincipalKey>((digest, key) -> key.principalId().equals(principalId)))
                .forEach(entry -> found.add(entry.getValue()));
        found.sort(Comparator.comparingLong(PrincipalKey::createdAtMillis).thenComparing(PrincipalKey::keyId));
        return found;
    }

    /**
     * A new random key for the principal, shown this once. {@code expiresAtMillis} 0: it does not expire; else it
     * must lie in the future (KEY_EXPIRY_INVALID).
     */
    public IssuedKey issueKey(String principalId, String name, long expiresAtMillis) {
        long now = clock.getAsLong();
        if (expiresAtMillis != 0 && expiresAtMillis <= now) {
            throw new AdminException("KEY_EXPIRY_INVALID", "a key's expiry lies in the future");
        }
        String key = KEY_PREFIX + randomText();
        String digest = ApiKeys.digest(key);
        PrincipalKey stored = new PrincipalKey(digest.substring(0, 12), principalId, name, now, expiresAtMillis, 0);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            enabled(principalId);
            if (keysOf(principalId).size() >= MAX_KEYS_PER_PRINCIPAL) {
                throw new AdminException("TOO_MANY_KEYS", "a principal holds at most " + MAX_KEYS_PER_PRINCIPAL + " keys");
            }
            keys.put(digest, stored);
            tx.commit();
        }
        return new IssuedKey(key, stored);
    }

    /** Revokes one of the principal's keys at once, for good; revoking it again changes nothing. */
    public PrincipalKey revokeKey(String principalId, String keyId) {
        for (var entry : keys.query(new ScanQuery<String, PrincipalKey>((digest, key) ->
                key.principalId().equals(principalId) && key.keyId().equals(keyId))).getAll()) {
            PrincipalKey revoked = entry.getValue().revokedAt(clock.getAsLong());
            keys.put(entry.getKey(), revoked);
            return revoked;
        }
        throw new AdminException("KEY_UNKNOWN", "no key " + keyId + " of " + principalId);
    }

    /** Disables the principal: its keys and password stop working and its sessions end. */
    public Principal disable(String principalId) {
        Principal disabled;
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Principal principal = principals.get(principalId);
            if (principal == null) {
                throw new AdminException("PRINCIPAL_UNKNOWN", "no principal " + principalId);
            }
            disabled = principal.disable();
            principals.put(principalId, disabled);
            tx.commit();
        }
        endSessions(principalId, null);
        return disabled;
    }

    /**
     * The principal changes its own password: the current one is checked as a login checks it (as slow for an unknown
     * id, a disabled principal or one without a password), the new one against the rule at creation (PASSWORD_INVALID,
     * checked first, so a refused one costs no hash), and the new hash is stored and every other session of the
     * principal ended in one transaction. {@code keepSession}: the SHA-256 of the caller's own session token, which
     * stays; null ends them all.
     *
     * @return how many sessions ended, or empty when the current password is wrong (nothing changed): a failed
     *         authentication, to count as a failed login is counted
     */
    public OptionalInt changePassword(String principalId, String currentPassword, String newPassword, String keepSession) {
        checkAcceptable(newPassword);
        Principal checked = principalId == null ? null : principals.get(principalId);
        String verifiedHash = checked == null ? null : checked.passwordHash();
        if (!Passwords.verify(currentPassword, verifiedHash) || checked.disabled()) {
            return OptionalInt.empty();
        }
        String newHash = Passwords.hash(newPassword);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Principal principal = principals.get(principalId);
            // Changed (or disabled) since it was verified: the password presented is no longer the current one.
            if (principal == null || principal.disabled() || !verifiedHash.equals(principal.passwordHash())) {
                return OptionalInt.empty();
            }
            principals.put(principalId, principal.withPasswordHash(newHash));
            int ended = endSessions(principalId, keepSession);
            tx.commit();
            return OptionalInt.of(ended);
        }
    }

    /**
     * An admin sets the principal's password (the rule at creation: PASSWORD_INVALID), whether or not it had one, and
     * every session of the principal ends, in one transaction. PRINCIPAL_UNKNOWN, PRINCIPAL_DISABLED.
     *
     * @return how many sessions ended
     */
    public int setPassword(String principalId, String newPassword) {
        checkAcceptable(newPassword);
        String newHash = Passwords.hash(newPassword);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Principal principal = enabled(principalId);
            principals.put(principalId, principal.withPasswordHash(newHash));
            int ended = endSessions(principalId, null);
            tx.commit();
            return ended;
        }
    }

    /** The principal, read (and locked, in a transaction) for a change: PRINCIPAL_UNKNOWN, PRINCIPAL_DISABLED. */
    private Principal enabled(String principalId) {
        Principal principal = principals.get(principalId);
        if (principal == null) {
            throw new AdminException("PRINCIPAL_UNKNOWN", "no principal " + principalId);
        }
        if (principal.disabled()) {
            throw new AdminException("PRINCIPAL_DISABLED", "principal " + principalId + " is disabled");
        }
        return principal;
    }

    /** Ends the principal's sessions but {@code keepSession} (a token's SHA-256, or null): how many ended. */
    private int endSessions(String principalId, String keepSession) {
        int ended = 0;
        for (var entry : sessions.query(new ScanQuery<String, LoginSession>((digest, session) ->
                session.principalId().equals(principalId) && !digest.equals(keepSession))).getAll()) {
            if (sessions.remove(entry.getKey())) {
                ended++;
            }
        }
        return ended;
    }

    private static void checkAcceptable(String password) {
        try {
            Passwords.checkAcceptable(password);
        } catch (IllegalArgumentException e) {
            throw new AdminException("PASSWORD_INVALID", e.getMessage());
        }
    }

    /**
     * The principal a presented API key stands for: a principal's key that is neither revoked nor expired and whose
     * principal is enabled, or a tenant key from before principals (a reseller admin of that tenant).
     */
    public Optional<Authenticated> byKey(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        String digest = ApiKeys.digest(presented);
        PrincipalKey key = keys.get(digest);
        if (key != null) {
            Principal principal = principals.get(key.principalId());
            return key.usableAt(clock.getAsLong()) && principal != null && !principal.disabled()
                    ? Optional.of(new Authenticated(principal, key.keyId(), Authenticated.Via.KEY)) : Optional.empty();
        }
        String tenantId = tenantKeys.get(digest);
        if (tenantId == null) {
            return Optional.empty();
        }
        Principal tenantKey = new Principal(Authenticated.tenantKeyPrincipal(tenantId), Role.RESELLER_ADMIN,
                "tenant key of " + tenantId, tenantId, null, null, false, 0);
        return Optional.of(new Authenticated(tenantKey, digest.substring(0, 12), Authenticated.Via.TENANT_KEY));
    }

    /**
     * Checks the password and opens a session: its token, in clear this once, or empty when the id is unknown, the
     * principal is disabled or has no password, or the password is wrong (which of these is not told).
     */
    public Optional<String> login(String principalId, String password) {
        Principal principal = principalId == null ? null : principals.get(principalId);
        boolean matches = Passwords.verify(password, principal == null ? null : principal.passwordHash());
        if (!matches || principal.disabled()) {
            return Optional.empty();
        }
        String token = TOKEN_PREFIX + randomText();
        String digest = ApiKeys.digest(token);
        long now = clock.getAsLong();
        sessions.put(digest, new LoginSession(principalId, now, now));
        // A password change (or a disable) that committed while this password was being checked ended the principal's
        // sessions before this one existed: read again, and take the session back if the password checked is gone.
        Principal after = principals.get(principalId);
        if (after == null || after.disabled() || !principal.passwordHash().equals(after.passwordHash())) {
            sessions.remove(digest);
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /** The principal of a live session; an idle or too old session is ended and answers empty. */
    public Optional<Authenticated> bySession(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String digest = ApiKeys.digest(token);
        LoginSession session = sessions.get(digest);
        if (session == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        if (now - session.lastSeenMillis() >= idleMillis
                || now - session.createdAtMillis() >= Duration.ofHours(MAX_SESSION_HOURS).toMillis()) {
            sessions.remove(digest);
            return Optional.empty();
        }
        Principal principal = principals.get(session.principalId());
        if (principal == null || principal.disabled()) {
            sessions.remove(digest);
            return Optional.empty();
        }
        if (now - session.lastSeenMillis() >= TOUCH_EVERY_MILLIS) {
            // replace, not put: a session ended meanwhile (logout, password change) must not come back.
            sessions.replace(digest, session.seenAt(now));
        }
        return Optional.of(new Authenticated(principal, digest.substring(0, 12), Authenticated.Via.SESSION));
    }

    /** Ends the session; true when there was one. */
    public boolean logout(String token) {
        return token != null && sessions.remove(ApiKeys.digest(token));
    }

    /** Whether the text looks like a session token rather than an API key. */
    public static boolean isSessionToken(String presented) {
        return presented != null && presented.startsWith(TOKEN_PREFIX);
    }

    private static String randomText() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
