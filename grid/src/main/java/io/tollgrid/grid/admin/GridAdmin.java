package io.tollgrid.grid.admin;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;

import java.util.Optional;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/** Creates and reads tenants, API keys, rate plans and accounts. */
public final class GridAdmin {
    private final Ignite ignite;
    private final IgniteCache<String, Tenant> tenants;
    private final IgniteCache<String, String> apiKeys;
    private final IgniteCache<String, RatePlan> ratePlans;
    private final IgniteCache<String, Account> accounts;
    private final IgniteCache<SessionKey, Session> sessions;
    private final IgniteCache<SessionKey, StopEvent> outbox;

    public GridAdmin(Ignite ignite) {
        this.ignite = ignite;
        this.tenants = ignite.cache(Caches.TENANTS);
        this.apiKeys = ignite.cache(Caches.API_KEYS);
        this.ratePlans = ignite.cache(Caches.RATE_PLANS);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.sessions = ignite.cache(Caches.SESSIONS);
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
    }

    /** Creates or renames a tenant and adds an API key for it. A key already held by another tenant is refused. */
    public void putTenant(String tenantId, String name, String apiKey) {
        if (apiKey.length() < ApiKeys.MIN_LENGTH) {
            throw new AdminException("API_KEY_TOO_SHORT", "an API key needs at least " + ApiKeys.MIN_LENGTH + " characters");
        }
        String digest = ApiKeys.digest(apiKey);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            String holder = apiKeys.get(digest);
            if (holder != null && !holder.equals(tenantId)) {
                throw new AdminException("API_KEY_TAKEN", "that API key belongs to another tenant");
            }
            tenants.put(tenantId, new Tenant(tenantId, name));
            apiKeys.put(digest, tenantId);
            tx.commit();
        }
    }

    public Optional<String> tenantOfApiKey(String apiKey) {
        return Optional.ofNullable(apiKeys.get(ApiKeys.digest(apiKey)));
    }

    public void putRatePlan(String planId, FlatRate rate) {
        ratePlans.put(planId, new RatePlan(planId, rate));
    }

    /** Creates an account; an existing account id is refused, whichever tenant holds it. */
    public Account createAccount(String tenantId, String accountId, String currency, String ratePlanId,
                                 Money openingBalance, Money creditLimit) {
        if (tenants.get(tenantId) == null) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId);
        }
        if (ratePlans.get(ratePlanId) == null) {
            throw new AdminException("RATE_PLAN_UNKNOWN", "no rate plan " + ratePlanId);
        }
        Account account = new Account(tenantId, accountId, currency, ratePlanId, AccountStatus.ACTIVE,
                openingBalance.micros(), creditLimit.micros(), 0);
        if (!accounts.putIfAbsent(accountId, account)) {
            throw new AdminException("ACCOUNT_EXISTS", "account " + accountId + " already exists");
        }
        return account;
    }

    /** The account, if it exists and belongs to the tenant; another tenant's account looks like a missing one. */
    public Optional<Account> accountOf(String tenantId, String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).filter(account -> account.tenantId().equals(tenantId));
    }

    public Optional<Account> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    public Optional<Session> session(String accountId, String callId) {
        return Optional.ofNullable(sessions.get(new SessionKey(accountId, callId)));
    }

    /** How many stop events wait for ingest. */
    public int outboxSize() {
        return outbox.size();
    }
}
