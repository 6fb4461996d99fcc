package io.tollgrid.grid.identity;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.node.Caches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteFuture;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds who pays for a call (the gateway's side of {@link Identity}) and which tenants may charge an account.
 * Both answers are asynchronous, so no Vert.x event loop waits for the grid.
 */
public final class PayerDirectory {
    /** Tenants of accounts seen lately; an account never changes tenant, so only the tree above it can move. */
    private static final long SCOPE_TTL_NANOS = 60_000_000_000L;
    private static final int MAX_REMEMBERED_SCOPES = 1_000_000;

    private final IgniteCache<String, Identity> identities;
    private final IgniteCache<String, Account> accounts;
    private final TenantChains chains;
    private final Map<String, RememberedScope> scopes = new ConcurrentHashMap<>();

    public PayerDirectory(Ignite ignite) {
        this.identities = ignite.cache(Caches.IDENTITIES);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.chains = new TenantChains(ignite);
    }

    /** The most specific identity the hints name (see {@link CallerHints#candidateKeys()}), if any. */
    public CompletableFuture<Optional<Identity>> resolve(CallerHints hints) {
        List<String> keys = hints.candidateKeys();
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return completable(identities.getAllAsync(new LinkedHashSet<>(keys))).thenApply(found -> {
            for (String key : keys) {
                Identity identity = found.get(key);
                if (identity != null) {
                    return Optional.of(identity);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * True when a switch of {@code switchTenantId} may charge the account: the account belongs to that tenant or
     * to one below it. An unknown account is out of every scope.
     */
    public CompletableFuture<Boolean> isWithin(String accountId, String switchTenantId) {
        RememberedScope remembered = scopes.get(accountId);
        long now = System.nanoTime();
        if (remembered != null && now - remembered.atNanos() < SCOPE_TTL_NANOS) {
            return CompletableFuture.completedFuture(remembered.tenantChain().contains(switchTenantId));
        }
        return completable(accounts.getAsync(accountId)).thenCompose(account -> {
            if (account == null) {
                return CompletableFuture.completedFuture(false);
            }
            return chains.chainOf(account.tenantId()).thenApply(chain -> {
                if (scopes.size() >= MAX_REMEMBERED_SCOPES) {
                    scopes.clear();
                }
                scopes.put(accountId, new RememberedScope(chain, System.nanoTime()));
                return chain.contains(switchTenantId);
            });
        });
    }

    static <T> CompletableFuture<T> completable(IgniteFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.listen(done -> {
            try {
                result.complete(done.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private record RememberedScope(List<String> tenantChain, long atNanos) {
    }
}
