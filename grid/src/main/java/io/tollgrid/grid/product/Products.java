package io.tollgrid.grid.product;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountScopedKey;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.tenancy.TenantTree;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.transactions.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The price list, product assignments and the charge run. A run walks the assignments of the partitions it is
 * given, account by account, and posts every due charge as a CHARGE transfer with id
 * {@code charge:<productId>:<period>} on the account; a charge posted before is a replay and moves nothing, so
 * re-running after a crash, or two runs at once, charge each (product, account, period) once. A refused charge
 * (a prepaid account without the funds) stops that assignment; it is due again next run.
 */
public final class Products {
    /** How long a run waits for one charge's transfer. */
    static final long TRANSFER_TIMEOUT_SECONDS = 30;
    private static final long TX_TIMEOUT_MILLIS = 10_000;

    private final Ignite ignite;
    private final IgniteCache<String, Product> products;
    private final IgniteCache<AccountScopedKey, ProductAssignment> assignments;
    private final GridAdmin admin;
    private final TenantTree tree;
    private final ChargingClient charging;

    public Products(Ignite ignite, ChargingClient charging) {
        this.ignite = ignite;
        this.products = ignite.cache(Caches.PRODUCTS);
        this.assignments = ignite.cache(Caches.PRODUCT_ASSIGNMENTS);
        this.admin = new GridAdmin(ignite);
        this.tree = new TenantTree(ignite);
        this.charging = charging;
    }

    /**
     * Creates a product, or changes the name and price of one (later periods are charged at the new price). Its
     * owner, currency and cycle are fixed once made: the periods already charged are keyed by that cycle.
     */
    public Product putProduct(Product product) {
        if (product.tenantId() != null && admin.tenant(product.tenantId()).isEmpty()) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + product.tenantId());
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            Product existing = products.get(product.productId());
            if (existing != null && !(java.util.Objects.equals(existing.tenantId(), product.tenantId())
                    && existing.currency().equals(product.currency()) && existing.cadence() == product.cadence()
                    && existing.anchorDay() == product.anchorDay()
                    && java.util.Objects.equals(existing.zone(), product.zone()))) {
                throw new AdminException("PRODUCT_FIXED", "product " + product.productId() + " exists with another "
                        + "owner, currency or cycle; make a new product");
            }
            products.put(product.productId(), product);
            tx.commit();
        }
        return product;
    }

    public Optional<Product> product(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    /** Assigns a product to an account from {@code at}: once per (account, product). */
    public ProductAssignment assign(String accountId, String productId, Instant at) {
        Account account = admin.account(accountId)
                .orElseThrow(() -> new AdminException("ACCOUNT_UNKNOWN", "no account " + accountId));
        Product product = product(productId)
                .orElseThrow(() -> new AdminException("PRODUCT_UNKNOWN", "no product " + productId));
        if (product.tenantId() != null && !tree.isWithin(account.tenantId(), product.tenantId())) {
            throw new AdminException("PRODUCT_NOT_OFFERED", "product " + productId + " is on the price list of "
                    + product.tenantId() + ", whose subtree does not hold " + accountId);
        }
        if (!product.currency().equals(account.currency())) {
            throw new AdminException("CURRENCY_MISMATCH", "product " + productId + " is priced in "
                    + product.currency() + ", account " + accountId + " is in " + account.currency());
        }
        ProductAssignment assignment = new ProductAssignment(accountId, productId, at.toEpochMilli(), 0);
        if (!assignments.putIfAbsent(new AccountScopedKey(accountId, productId), assignment)) {
            throw new AdminException("ASSIGNMENT_EXISTS", "product " + productId + " is assigned to " + accountId);
        }
        return assignment;
    }

    /** The account's assignments, in product order; reads only the account's partition. */
    public List<ProductAssignment> assignmentsOf(String accountId) {
        List<ProductAssignment> found = new ArrayList<>();
        assignments.query(new ScanQuery<AccountScopedKey, ProductAssignment>(
                        (key, value) -> key.accountId().equals(accountId)).setPartition(partitionOf(accountId)))
                .forEach(entry -> found.add(entry.getValue()));
        found.sort(Comparator.comparing(ProductAssignment::productId));
        return found;
    }

    /** Charges everything due at {@code now} in every partition. */
    public RunReport runAll(Instant now) {
        return run(now, IntStream.range(0, ignite.affinity(Caches.PRODUCT_ASSIGNMENTS).partitions()).toArray(),
                Integer.MAX_VALUE);
    }

    /**
     * Charges what is due at {@code now} in the given partitions, account by account in id order, stopping
     * before the account after {@code maxAccounts} (a bound for a run, and how a test stops one half-way).
     */
    RunReport run(Instant now, int[] partitions, int maxAccounts) {
        List<ProductAssignment> all = new ArrayList<>();
        for (int partition : partitions) {
            assignments.query(new ScanQuery<AccountScopedKey, ProductAssignment>().setPartition(partition))
                    .forEach(entry -> all.add(entry.getValue()));
        }
        all.sort(Comparator.comparing(ProductAssignment::accountId).thenComparing(ProductAssignment::productId));
        RunReport report = new RunReport(0, 0, 0, 0, List.of(), false);
        String account = null;
        int accounts = 0;
        for (ProductAssignment assignment : all) {
            if (!assignment.accountId().equals(account)) {
                account = assignment.accountId();
                if (++accounts > maxAccounts) {
                    return report.plus(new RunReport(0, 0, 0, 0, List.of(), true));
                }
            }
            report = report.plus(charge(assignment, now));
        }
        return report;
    }

    private RunReport charge(ProductAssignment assignment, Instant now) {
        Product product = products.get(assignment.productId());
        if (product == null) {
            return new RunReport(1, 0, 0, 1, List.of(refusal(assignment, "-", "PRODUCT_UNKNOWN")), false);
        }
        int posted = 0;
        int replayed = 0;
        long chargedUntil = assignment.chargedUntilMillis();
        for (DueCharge due : ChargePlan.due(product, assignment, now)) {
            TransferResult result = await(charging.transfer(due.accountId(), due.transferId(), TransferKind.CHARGE,
                    -due.priceMicros(), now.toEpochMilli(), product.name() + " " + due.period()));
            // TRANSFER_ID_REUSED: this period was charged at an earlier price; charged all the same.
            boolean charged = result.refusal() == null || "TRANSFER_ID_REUSED".equals(result.refusal());
            if (!charged) {
                moveCursor(assignment, chargedUntil);
                return new RunReport(1, posted, replayed, 1, List.of(refusal(assignment, due.period(),
                        result.refusal())), false);
            }
            if (result.refusal() == null && !result.replay()) {
                posted++;
            } else {
                replayed++;
            }
            chargedUntil = due.paidUntilMillis();
        }
        moveCursor(assignment, chargedUntil);
        return new RunReport(1, posted, replayed, 0, List.of(), false);
    }

    private static String refusal(ProductAssignment assignment, String period, String reason) {
        return assignment.accountId() + "/" + assignment.productId() + "/" + period + ": " + reason;
    }

    private void moveCursor(ProductAssignment assignment, long chargedUntil) {
        if (chargedUntil == assignment.chargedUntilMillis()) {
            return;
        }
        AccountScopedKey key = new AccountScopedKey(assignment.accountId(), assignment.productId());
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            ProductAssignment current = assignments.get(key);
            if (current != null) {
                assignments.put(key, current.chargedUntil(chargedUntil));
            }
            tx.commit();
        }
    }

    private int partitionOf(String accountId) {
        return ignite.affinity(Caches.PRODUCT_ASSIGNMENTS).partition(new AccountScopedKey(accountId, ""));
    }

    private static TransferResult await(java.util.concurrent.CompletableFuture<TransferResult> transfer) {
        try {
            return transfer.get(TRANSFER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a charge", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a charge's transfer did not complete: " + e, e);
        }
    }
}
