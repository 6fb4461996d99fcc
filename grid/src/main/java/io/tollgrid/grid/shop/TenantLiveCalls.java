package io.tollgrid.grid.shop;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.apache.ignite.resources.IgniteInstanceResource;

import javax.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the calls in progress of one tenant's own accounts (not of its customers' below it, whose accounts are theirs,
 * as in the usage-by-account report), for the tenant-wide live view. Read-only, like {@link LiveBooths}: it scans
 * {@link Caches#LIVE_SESSIONS} across all partitions (the markers of calls in progress, so it holds only calls in
 * progress) with a filter that each owning node runs against its local copy of the colocated account, then reads the
 * kept calls' sessions and accounts by key. It never scans {@link Caches#SESSIONS} or {@link Caches#ACCOUNTS}, which
 * grow with history and accounts, and never writes.
 *
 * <p>Ordered by account, then call id: the order the markers' keys give without reading any session, so the scan
 * keeps only the first {@code limit} keys however many calls the tenant has in progress.
 */
public final class TenantLiveCalls {
    /** The most calls in progress answered for one tenant. */
    public static final int MAX_CALLS = 200;

    private static final Comparator<SessionKey> BY_ACCOUNT_THEN_CALL =
            Comparator.comparing(SessionKey::accountId).thenComparing(SessionKey::callId);

    private final IgniteCache<SessionKey, Boolean> live;
    private final IgniteCache<SessionKey, Session> sessions;
    private final IgniteCache<String, Account> accounts;

    public TenantLiveCalls(Ignite ignite) {
        this.live = ignite.cache(Caches.LIVE_SESSIONS);
        this.sessions = ignite.cache(Caches.SESSIONS);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
    }

    /** A call in progress of one of the tenant's accounts, with the account's currency (accounts may differ). */
    public record AccountCall(String accountId, String currency, LiveBooths.LiveCall call) {
        public AccountCall {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * The calls answered, and whether the tenant had more calls in progress than the limit.
     *
     * @param limited true when more than the limit's markers were found; the calls are then the first by account
     *                and call id
     */
    public record Found(List<AccountCall> calls, boolean limited) {
        public Found {
            calls = List.copyOf(calls);
        }
    }

    /** The tenant's own accounts' calls in progress, by account then call id, at most {@code limit} of them. */
    public Found of(String tenantId, int limit) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (limit < 1 || limit > MAX_CALLS) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_CALLS + ": " + limit);
        }
        // The first limit keys by account and call: a set that never holds more than limit + 1.
        TreeSet<SessionKey> kept = new TreeSet<>(BY_ACCOUNT_THEN_CALL);
        long matched = 0;
        try (var cursor = live.query(new ScanQuery<>(new OfTenant(tenantId)))) {
            for (Cache.Entry<SessionKey, Boolean> entry : cursor) {
                matched++;
                kept.add(entry.getKey());
                if (kept.size() > limit) {
                    kept.pollLast();
                }
            }
        }
        assert kept.size() <= limit : kept.size();
        if (kept.isEmpty()) {
            return new Found(List.of(), false);
        }
        Map<SessionKey, Session> read = sessions.getAll(kept);
        Set<String> accountIds = new HashSet<>();
        kept.forEach(key -> accountIds.add(key.accountId()));
        Map<String, Account> owners = accounts.getAll(accountIds);
        List<AccountCall> calls = new ArrayList<>(kept.size());
        for (SessionKey key : kept) {
            Session session = read.get(key);
            Account account = owners.get(key.accountId());
            // A call stopped (or an account moved) between the scan and the read is no longer this tenant's live call.
            if (session == null || !session.inProgress() || account == null || !tenantId.equals(account.tenantId())) {
                continue;
            }
            calls.add(new AccountCall(key.accountId(), account.currency(), LiveBooths.LiveCall.of(session)));
        }
        return new Found(calls, matched > limit);
    }

    /**
     * Markers of calls of one tenant's own accounts, decided on the node that holds the marker by a local peek of its
     * account (accounts and markers are colocated by account id). A final class, not a lambda, so any node can run
     * it. An account not in the node's local copy (a partition moving between nodes) does not match: the call is
     * missed by this one answer, never shown to another tenant.
     */
    static final class OfTenant implements IgniteBiPredicate<SessionKey, Boolean> {
        private static final long serialVersionUID = 1L;
        private final String tenantId;

        @IgniteInstanceResource
        private transient Ignite ignite;

        OfTenant(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public boolean apply(SessionKey key, Boolean marker) {
            Account account = ignite.<String, Account>cache(Caches.ACCOUNTS)
                    .localPeek(key.accountId(), CachePeekMode.PRIMARY, CachePeekMode.BACKUP);
            return account != null && tenantId.equals(account.tenantId());
        }
    }
}
