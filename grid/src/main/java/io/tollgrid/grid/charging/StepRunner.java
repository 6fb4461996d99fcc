package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The batch and transaction machinery: runs charging {@link Step}s in a pessimistic transaction of their own,
 * or many in one shared transaction, and answers each step in its slot. It knows nothing of charging rules.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    /** A transaction that cannot get its locks in this time fails rather than hanging a switch. */
    static final long TX_TIMEOUT_MILLIS = 5_000;
    /** Operations committed in a transaction shared by a batch, on this JVM. */
    static final LongAdder BATCHED_STEPS = new LongAdder();
    /** Shared batch transactions rolled back on this JVM, whose operations then ran one transaction each. */
    static final LongAdder BATCH_FALLBACKS = new LongAdder();

    private final Ignite ignite;
    private final IgniteCache<String, Account> accounts;

    StepRunner(Ignite ignite, IgniteCache<String, Account> accounts) {
        this.ignite = ignite;
        this.accounts = accounts;
    }

    /**
     * Starts the one kind of transaction charging uses: pessimistic, repeatable read, bounded by
     * {@link #TX_TIMEOUT_MILLIS}. For a step, and for the reaper, which commits only when it changed something.
     */
    Transaction begin(int size) {
        return ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, size);
    }

    /** Runs one step in a transaction of its own. */
    <T> T runAlone(Step<T> step) {
        if (step.txSize() == 0) {
            return step.body().apply(false);
        }
        try (Transaction tx = begin(step.txSize())) {
            T result = step.body().apply(false);
            tx.commit();
            return result;
        }
    }

    /**
     * Runs the steps of one batch, answering each in its slot: the answer, or the exception it raised.
     *
     * <p>Steps that take no tenant counter share one transaction, so the batch pays for one commit. That
     * transaction first locks every account of those steps in sorted order; every other transaction locks
     * one account, then only keys scoped to it, so neither two batches nor a batch and a single operation
     * can wait on each other in a cycle. Tenant counters are shared across accounts and locked nearest-first
     * along each chain; a batch holding several chains could take them out of that order, so steps that
     * need them run alone afterwards. If the shared transaction fails for any reason (a lock timeout, a
     * step that turned out to need counters, a bug in one step), it rolls back whole and its steps run alone.
     */
    Object[] runBatch(List<Step<?>> steps) {
        Object[] answers = new Object[steps.size()];
        boolean[] sharing = new boolean[steps.size()];
        int sharers = 0;
        for (int i = 0; steps.size() > 1 && i < steps.size(); i++) {
            Step<?> step = steps.get(i);
            sharing[i] = step.txSize() > 0 && !step.takesTenantCounters().getAsBoolean();
            sharers += sharing[i] ? 1 : 0;
        }
        boolean committed = sharers > 1 && runShared(steps, sharing, answers, sharers);
        for (int i = 0; i < steps.size(); i++) {
            if (committed && sharing[i]) {
                continue;
            }
            try {
                answers[i] = runAlone(steps.get(i));
            } catch (RuntimeException e) {
                answers[i] = e;
            }
        }
        return answers;
    }

    /** Runs the sharing steps in one transaction, answering in their slots; false if it rolled back. */
    private boolean runShared(List<Step<?>> steps, boolean[] sharing, Object[] answers, int sharers) {
        SortedSet<String> accountIds = new TreeSet<>();
        int txSize = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (sharing[i]) {
                accountIds.add(steps.get(i).accountId());
                txSize += steps.get(i).txSize();
            }
        }
        try (Transaction tx = begin(txSize)) {
            for (String accountId : accountIds) {
                accounts.get(accountId); // one at a time, in order: this is the lock order
            }
            for (int i = 0; i < steps.size(); i++) {
                if (sharing[i]) {
                    answers[i] = steps.get(i).body().apply(true);
                }
            }
            tx.commit();
        } catch (RuntimeException e) {
            // The answers written so far belong to the rolled-back transaction; runBatch overwrites them.
            BATCH_FALLBACKS.increment();
            LOG.debug("a shared charging transaction of {} steps rolled back; they run alone: {}", sharers, e.toString());
            return false;
        }
        BATCHED_STEPS.add(sharers);
        return true;
    }
}
