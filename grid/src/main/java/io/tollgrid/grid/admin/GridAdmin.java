package io.tollgrid.grid.admin;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountLimits;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.PayType;
import io.tollgrid.grid.account.ReservationStrategy;
import io.tollgrid.grid.account.Subscriber;
import io.tollgrid.grid.charging.SessionReaper;
import io.tollgrid.grid.ledger.Transfer;
import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.identity.Identity;
import io.tollgrid.grid.identity.IdentityKind;
import io.tollgrid.grid.identity.SwitchCredential;
import io.tollgrid.grid.identity.SwitchDirectory;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.session.Session;
import io.tollgrid.grid.session.SessionKey;
import io.tollgrid.grid.tenancy.ApiKeys;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.grid.tenancy.TenantTree;
import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/** Creates and reads tenants, API keys, rate plans and accounts, and reads their histories. */
public final class GridAdmin {
    private final Ignite ignite;
    private final IgniteCache<String, Tenant> tenants;
    private final IgniteCache<String, String> apiKeys;
    private final IgniteCache<String, RatePlan> ratePlans;
    private final IgniteCache<String, Account> accounts;
    private final IgniteCache<SessionKey, Session> sessions;
    private final IgniteCache<SessionKey, StopEvent> outbox;
    private final IgniteCache<AccountScopedKey, Transfer> transfers;
    private final IgniteCache<AccountScopedKey, AccountEvent> events;
    private final IgniteCache<AccountScopedKey, Subscriber> subscribers;
    private final IgniteCache<String, Integer> tenantCalls;
    private final TenantTree tree;

    public GridAdmin(Ignite ignite) {
        this.ignite = ignite;
        this.tenants = ignite.cache(Caches.TENANTS);
        this.apiKeys = ignite.cache(Caches.API_KEYS);
        this.ratePlans = ignite.cache(Caches.RATE_PLANS);
        this.accounts = ignite.cache(Caches.ACCOUNTS);
        this.sessions = ignite.cache(Caches.SESSIONS);
        this.outbox = ignite.cache(Caches.CDR_OUTBOX);
        this.transfers = ignite.cache(Caches.TRANSFERS);
        this.events = ignite.cache(Caches.ACCOUNT_EVENTS);
        this.subscribers = ignite.cache(Caches.SUBSCRIBERS);
        this.tenantCalls = ignite.cache(Caches.TENANT_CALLS);
        this.tree = new TenantTree(ignite);
    }

    /** Creates or renames a tenant directly under the system owner, with no call limit, and adds an API key. */
    public void putTenant(String tenantId, String name, String apiKey) {
        putTenant(tenantId, name, null, 0, apiKey);
    }

    /**
     * Creates or changes a tenant under {@code parentId} (null: under the system owner) and adds an API key for
     * it. A key already held by another tenant, an unknown parent or a cycle is refused.
     */
    public void putTenant(String tenantId, String name, String parentId, int maxCalls, String apiKey) {
        putTenant(tenantId, name, parentId, maxCalls, apiKey, null);
    }

    /**
     * As above, and names the tenant's wallet: its own account that pays when it tops up a customer below it.
     * {@code walletAccount} null keeps the wallet the tenant has; otherwise it must be an account of this
     * very tenant (not of one below it).
     */
    public void putTenant(String tenantId, String name, String parentId, int maxCalls, String apiKey,
                          String walletAccount) {
        putTenant(tenantId, name, parentId, maxCalls, apiKey, walletAccount, null);
    }

    /**
     * As above, and names the tenant's buy plan: a plan of the active rate deck that its sell plans mark up
     * ({@link io.tollgrid.grid.rateplan.SellPlans}). {@code buyPlanId} null keeps the buy plan the tenant has.
     */
    public void putTenant(String tenantId, String name, String parentId, int maxCalls, String apiKey,
                          String walletAccount, String buyPlanId) {
        if (buyPlanId != null && !new RateDecks(ignite).definesPlan(buyPlanId)) {
            throw new AdminException("RATE_PLAN_UNKNOWN", "a buy plan is a plan of the active rate deck; it has no "
                    + buyPlanId);
        }
        if (walletAccount != null) {
            Account wallet = accounts.get(walletAccount);
            if (wallet == null) {
                throw new AdminException("ACCOUNT_UNKNOWN", "no account " + walletAccount);
            }
            if (!wallet.tenantId().equals(tenantId)) {
                throw new AdminException("WALLET_INVALID", "a tenant's wallet is one of its own accounts; "
                        + walletAccount + " belongs to another tenant");
            }
        }
        if (parentId != null && (tenants.get(parentId) == null || tree.isWithin(parentId, tenantId))) {
            throw new AdminException("PARENT_INVALID", "parent " + parentId + " is unknown or lies below " + tenantId);
        }
        if (apiKey.length() < ApiKeys.MIN_LENGTH) {
            throw new AdminException("API_KEY_TOO_SHORT", "an API key needs at least " + ApiKeys.MIN_LENGTH + " characters");
        }
        String digest = ApiKeys.digest(apiKey);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            String holder = apiKeys.get(digest);
            if (holder != null && !holder.equals(tenantId)) {
                throw new AdminException("API_KEY_TAKEN", "that API key belongs to another tenant");
            }
            Tenant existing = tenants.get(tenantId);
            String wallet = walletAccount != null ? walletAccount : existing == null ? null : existing.walletAccount();
            String buys = buyPlanId != null ? buyPlanId : existing == null ? null : existing.buyPlanId();
            tenants.put(tenantId, new Tenant(tenantId, name, parentId, maxCalls, wallet, buys));
            apiKeys.put(digest, tenantId);
            tx.commit();
        }
    }

    public Optional<Tenant> tenant(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    public Optional<String> tenantOfApiKey(String apiKey) {
        return Optional.ofNullable(apiKeys.get(ApiKeys.digest(apiKey)));
    }

    public void putRatePlan(String planId, FlatRate rate) {
        ratePlans.put(planId, new RatePlan(planId, rate));
    }

    /** The stored flat rate plan, if there is one (a deck plan is read through {@link io.tollgrid.grid.rateplan.ActiveDeck}). */
    public Optional<RatePlan> ratePlan(String planId) {
        return Optional.ofNullable(ratePlans.get(planId));
    }

    /** Creates a prepaid (or, with a credit limit, postpaid) account with full reservations and no limits. */
    public Account createAccount(String tenantId, String accountId, String currency, String ratePlanId,
                                 Money openingBalance, Money creditLimit) {
        PayType payType = creditLimit.micros() > 0 ? PayType.POSTPAID : PayType.PREPAID;
        return openAccount(Account.open(tenantId, accountId, currency, ratePlanId, payType, ReservationStrategy.FULL,
                AccountLimits.NONE, openingBalance.micros(), creditLimit.micros(), 0));
    }

    /** Creates an account; an existing account id is refused, whichever tenant holds it. */
    public Account openAccount(Account account) {
        if (tenants.get(account.tenantId()) == null) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + account.tenantId());
        }
        if (ratePlans.get(account.ratePlanId()) == null && !new RateDecks(ignite).definesPlan(account.ratePlanId())) {
            throw new AdminException("RATE_PLAN_UNKNOWN", "no rate plan " + account.ratePlanId());
        }
        if (!accounts.putIfAbsent(account.accountId(), account)) {
            throw new AdminException("ACCOUNT_EXISTS", "account " + account.accountId() + " already exists");
        }
        return account;
    }

    /**
     * Puts an account on another rate plan: a stored flat plan or a plan of the active deck (the caller checks
     * that the plan is the caller's to give). Calls in progress keep the price they were authorised with.
     */
    public Account setRatePlan(String accountId, String planId) {
        if (ratePlans.get(planId) == null && !new RateDecks(ignite).definesPlan(planId)) {
            throw new AdminException("RATE_PLAN_UNKNOWN", "no rate plan " + planId);
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Account account = accounts.get(accountId);
            if (account == null) {
                throw new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId);
            }
            Account changed = account.withRatePlan(planId);
            accounts.put(accountId, changed);
            tx.commit();
            return changed;
        }
    }

    /** Freezes, reactivates or closes an account; calls in progress finish, new ones are denied. */
    public Account setStatus(String accountId, AccountStatus status) {
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Account account = accounts.get(accountId);
            if (account == null) {
                throw new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId);
            }
            Account changed = account.withStatus(status);
            accounts.put(accountId, changed);
            tx.commit();
            return changed;
        }
    }

    /** The account's transfers (top-up history), oldest first; reads only the account's partition. */
    public List<Transfer> transfersOf(String accountId) {
        List<Transfer> found = new ArrayList<>();
        ScanQuery<AccountScopedKey, Transfer> query = new ScanQuery<AccountScopedKey, Transfer>(
                (key, value) -> key.accountId().equals(accountId)).setPartition(partitionOf(accountId));
        transfers.query(query).forEach(entry -> found.add(entry.getValue()));
        found.sort(Comparator.comparingLong(Transfer::atMillis).thenComparing(Transfer::transferId));
        return found;
    }

    /** The account's events (low-balance crossings), oldest first. */
    public List<AccountEvent> eventsOf(String accountId) {
        List<AccountEvent> found = new ArrayList<>();
        ScanQuery<AccountScopedKey, AccountEvent> query = new ScanQuery<AccountScopedKey, AccountEvent>(
                (key, value) -> key.accountId().equals(accountId)).setPartition(partitionOf(accountId));
        events.query(query).forEach(entry -> found.add(entry.getValue()));
        found.sort(Comparator.comparingLong(AccountEvent::atMillis));
        return found;
    }

    /** Sessions voided by the reapers since the cluster was created. */
    public long reapedSessions() {
        return ignite.atomicLong(SessionReaper.REAPED_COUNTER, 0, true).get();
    }

    private int partitionOf(String accountId) {
        return ignite.affinity(Caches.ACCOUNTS).partition(accountId);
    }

    /**
     * The account, if it exists and lies in the tenant's subtree (its own, or a reseller's customers below it);
     * any other tenant's account looks like a missing one.
     */
    public Optional<Account> accountOf(String tenantId, String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).filter(account -> tree.isWithin(account.tenantId(), tenantId));
    }

    /** Adds a subscriber (extension) to an account: sharing its credit (0) or with its own credit. */
    public Subscriber putSubscriber(String accountId, String subscriberId, Money ownCredit) {
        return putSubscriber(accountId, subscriberId, ownCredit, null);
    }

    /** Adds a subscriber (extension) to an account, in a department (null: none). */
    public Subscriber putSubscriber(String accountId, String subscriberId, Money ownCredit, String department) {
        if (accounts.get(accountId) == null) {
            throw new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId);
        }
        Subscriber subscriber;
        try {
            subscriber = new Subscriber(accountId, subscriberId, ownCredit.micros(), 0, 0, department);
        } catch (IllegalArgumentException e) {
            throw new AdminException("DEPARTMENT_INVALID", e.getMessage());
        }
        if (!subscribers.putIfAbsent(new AccountScopedKey(accountId, subscriberId), subscriber)) {
            throw new AdminException("SUBSCRIBER_EXISTS", "subscriber " + subscriberId + " already exists");
        }
        return subscriber;
    }

    /**
     * Moves a subscriber to another department (null: none). In a transaction of its own, so a call settling on the
     * subscriber at the same moment (which updates its spent and reserved totals under the same lock) loses nothing.
     * Calls that end from now on carry the new department; CDRs already written keep theirs.
     */
    public Subscriber setDepartment(String accountId, String subscriberId, String department) {
        AccountScopedKey key = new AccountScopedKey(accountId, subscriberId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Subscriber subscriber = subscribers.get(key);
            if (subscriber == null) {
                throw new AdminException("SUBSCRIBER_UNKNOWN", "no subscriber " + subscriberId + " on " + accountId);
            }
            Subscriber moved;
            try {
                moved = subscriber.inDepartment(department);
            } catch (IllegalArgumentException e) {
                throw new AdminException("DEPARTMENT_INVALID", e.getMessage());
            }
            subscribers.put(key, moved);
            tx.commit();
            return moved;
        }
    }

    public Optional<Subscriber> subscriber(String accountId, String subscriberId) {
        return Optional.ofNullable(subscribers.get(new AccountScopedKey(accountId, subscriberId)));
    }

    /** Calls in progress counted against a tenant's limit (0 when it has none). */
    public int tenantCallsInProgress(String tenantId) {
        Integer active = tenantCalls.get(tenantId);
        return active == null ? 0 : active;
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
    /**
     * Registers a switch by its key (only the key's SHA-256 is stored) or by its source address. A tenant's
     * switch may only charge that tenant's subtree; {@code tenantId} null is one of the operator's own switches.
     */
    public void putSwitch(String tenantId, String switchKey, String sourceAddress, SwitchCredential credential) {
        if ((switchKey == null) == (sourceAddress == null)) {
            throw new AdminException("SWITCH_INVALID", "a switch is named by exactly one of a key or a source address");
        }
        if (tenantId != null && tenants.get(tenantId) == null) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId);
        }
        if (switchKey != null && switchKey.length() < ApiKeys.MIN_LENGTH) {
            throw new AdminException("API_KEY_TOO_SHORT", "a switch key needs at least " + ApiKeys.MIN_LENGTH + " characters");
        }
        IgniteCache<String, SwitchCredential> switches = ignite.cache(Caches.SWITCHES);
        String key = switchKey != null ? SwitchDirectory.keyCredential(switchKey) : SwitchDirectory.ipCredential(sourceAddress);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            SwitchCredential existing = switches.get(key);
            if (existing != null && !java.util.Objects.equals(existing.tenantId(), tenantId)) {
                throw new AdminException("SWITCH_TAKEN", "that switch belongs to another tenant");
            }
            switches.put(key, credential);
            tx.commit();
        }
    }

    /**
     * Names the payer of calls that carry this identity (a PIN, SIP user, caller prefix, ...). An identity
     * already pointing at another account is refused; for subscriber-level credit name the subscriber too.
     */
    public Identity putIdentity(IdentityKind kind, String value, String accountId, String subscriberId) {
        if (accounts.get(accountId) == null) {
            throw new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId);
        }
        if (subscriberId != null && subscribers.get(new AccountScopedKey(accountId, subscriberId)) == null) {
            throw new AdminException("SUBSCRIBER_UNKNOWN", "no subscriber " + subscriberId + " on " + accountId);
        }
        IgniteCache<String, Identity> identities = ignite.cache(Caches.IDENTITIES);
        Identity identity = new Identity(kind, value, accountId, subscriberId);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ)) {
            Identity existing = identities.get(kind.key(value));
            if (existing != null && !existing.accountId().equals(accountId)) {
                throw new AdminException("IDENTITY_TAKEN", kind.key(value) + " already names another account");
            }
            identities.put(kind.key(value), identity);
            tx.commit();
        }
        return identity;
    }
}
