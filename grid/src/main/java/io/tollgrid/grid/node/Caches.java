package io.tollgrid.grid.node;

import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The cache layout. Money and sessions live in TRANSACTIONAL caches only: on failover an ATOMIC invoke
 * was seen to apply a debit twice (shared/notes/ignite-vertx-hazelcast.md). The per-account caches share
 * one cache group, so one account's balance, sessions and outbox entries sit in the same partition.
 *
 * <p>Every cache writes only while its topology holds a majority of the baseline ({@link MajorityOfBaseline}), and a
 * partition whose every copy is gone refuses reads and writes (READ_WRITE_SAFE) instead of starting empty, which would
 * hand its accounts a zero balance and no reservations.
 */
public final class Caches {
    public static final String ACCOUNTS = "accounts";
    public static final String SESSIONS = "sessions";
    /**
     * The keys of the sessions in progress (value: always true), beside the sessions in the same partition.
     * The reaper walks this instead of every session ever held, which grows with the call history.
     */
    public static final String LIVE_SESSIONS = "live_sessions";
    public static final String CDR_OUTBOX = "cdr_outbox";
    public static final String TRANSFERS = "transfers";
    public static final String ACCOUNT_EVENTS = "account_events";
    public static final String SUBSCRIBERS = "subscribers";
    /** Calls in progress per tenant with a concurrent-call limit, keyed by tenant id. */
    public static final String TENANT_CALLS = "tenant_calls";
    /**
     * Calls in progress per carrier, keyed by carrier id: the calls whose authorise took a slot of that carrier
     * (docs/routing.md, "Carrier limits").
     */
    public static final String CARRIER_CALLS = "carrier_calls";
    /**
     * Calls offered first to each carrier in its current second, keyed by carrier id: for carriers with a
     * calls-per-second limit only (docs/routing.md, "Carrier limits").
     */
    public static final String CARRIER_SECONDS = "carrier_seconds";
    public static final String TENANTS = "tenants";
    public static final String API_KEYS = "api_keys";
    public static final String RATE_PLANS = "rate_plans";
    /** Rate deck versions (their CSV tables, compressed and chunked) and the active-version pointer. */
    public static final String RATE_DECKS = "rate_decks";
    /** Switch credentials (key digest or source IP) to tenant id; small, read by every gateway. */
    public static final String SWITCHES = "switches";
    /** Payer identities (PIN, SIP user, prefix, ...) to account; partitioned by identity, not by account. */
    public static final String IDENTITIES = "identities";
    /** Vouchers keyed by the SHA-256 of their code; partitioned by that hash, not by account (none is known yet). */
    public static final String VOUCHERS = "vouchers";
    /** Voucher batches by batch id; small, read by the operator. */
    public static final String VOUCHER_BATCHES = "voucher_batches";
    /** Products (recurring and one-off fees) by product id; small, read by every charge run. */
    public static final String PRODUCTS = "products";
    /** Products assigned to accounts, keyed by (account, product), beside the account. */
    public static final String PRODUCT_ASSIGNMENTS = "product_assignments";
    /** Carriers (termination vendors) by id; small, read by every route query. */
    public static final String CARRIERS = "carriers";
    /** Route plans by "plan/" id, and the plan id of each "tenant/" or "account/" that has one. */
    public static final String ROUTE_PLANS = "route_plans";
    /** Carriers' quality windows (last outcomes per carrier and buy-rate prefix) by "carrier/prefix"; read by routing. */
    public static final String CARRIER_QUALITY = "carrier_quality";
    /** Principals (people and programs using the admin and tenant APIs) by id; small, read on every request. */
    public static final String PRINCIPALS = "principals";
    /** Principals' API keys by the key's SHA-256. */
    public static final String PRINCIPAL_KEYS = "principal_keys";
    /** Login sessions by the token's SHA-256. */
    public static final String LOGIN_SESSIONS = "login_sessions";
    /** Call shops (booths and sell prices) by tenant id; small, read by the shop API. */
    public static final String SHOPS = "shops";
    /** Shop operators' day sessions, with their marks on calls, by session id. */
    public static final String SHOP_SESSIONS = "shop_sessions";
    /** The open day session of each shop operator, by principal id: at most one each. */
    public static final String SHOP_OPEN_SESSIONS = "shop_open_sessions";
    /** Shop receipts by receipt id. */
    public static final String SHOP_RECEIPTS = "shop_receipts";
    /** Calling cards by their account id, beside the account (docs/back-office.md, "Calling cards"). */
    public static final String CALLING_CARDS = "calling_cards";

    /** Fewer than Ignite's 1024: each partition is a file per node with persistence, and one host runs several nodes. */
    static final int PARTITIONS = 256;
    private static final String BILLING_GROUP = "billing";
    private static final String REFERENCE_GROUP = "reference";

    private Caches() {
    }

    static CacheConfiguration<?, ?>[] all(int backups) {
        return new CacheConfiguration<?, ?>[]{
                perAccount(ACCOUNTS, backups),
                perAccount(SESSIONS, backups),
                perAccount(LIVE_SESSIONS, backups),
                perAccount(CDR_OUTBOX, backups),
                perAccount(TRANSFERS, backups),
                perAccount(ACCOUNT_EVENTS, backups),
                perAccount(SUBSCRIBERS, backups),
                perAccount(TENANT_CALLS, backups),
                perAccount(CARRIER_CALLS, backups),
                perAccount(CARRIER_SECONDS, backups),
                reference(TENANTS),
                reference(API_KEYS),
                reference(RATE_PLANS),
                reference(RATE_DECKS),
                reference(SWITCHES),
                reference(VOUCHER_BATCHES),
                reference(PRODUCTS),
                reference(CARRIERS),
                reference(ROUTE_PLANS),
                reference(CARRIER_QUALITY),
                reference(PRINCIPALS),
                reference(PRINCIPAL_KEYS),
                reference(LOGIN_SESSIONS),
                reference(SHOPS),
                reference(SHOP_SESSIONS),
                reference(SHOP_OPEN_SESSIONS),
                reference(SHOP_RECEIPTS),
                perAccount(PRODUCT_ASSIGNMENTS, backups),
                perAccount(CALLING_CARDS, backups),
                partitionedByOwnKey(VOUCHERS, backups),
                partitionedByOwnKey(IDENTITIES, backups)
        };
    }

    private static CacheConfiguration<Object, Object> perAccount(String name, int backups) {
        return new CacheConfiguration<>(name)
                .setTopologyValidator(new MajorityOfBaseline())
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setGroupName(BILLING_GROUP)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS));
    }

    /** Partitioned by its own key, outside the per-account group: its entries belong to no account. */
    private static CacheConfiguration<Object, Object> partitionedByOwnKey(String name, int backups) {
        return new CacheConfiguration<>(name)
                .setTopologyValidator(new MajorityOfBaseline())
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS));
    }

    private static CacheConfiguration<Object, Object> reference(String name) {
        return new CacheConfiguration<>(name)
                .setTopologyValidator(new MajorityOfBaseline())
                .setGroupName(REFERENCE_GROUP)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }
}
