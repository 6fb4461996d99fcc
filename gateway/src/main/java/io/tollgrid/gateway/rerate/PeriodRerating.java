package io.tollgrid.gateway.rerate;

import io.tollgrid.gateway.rerate.CdrRepricer.Skip;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.history.CdrFilter;
import io.tollgrid.history.CdrPage;
import io.tollgrid.history.CdrPosition;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.rollup.DailyRollups;
import io.tollgrid.history.rollup.RollupKey;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Re-rates one account's CDRs of a period: reads them all (at most {@value #MAX_CALLS}, else nothing is done), prices
 * each again ({@link CdrRepricer}), and, when asked to apply, for each CDR whose cost or billed seconds changed:
 * corrects the ledger first (a charged call: {@link ChargingClient#correctCallCost}), then rewrites the row for the rest
 * of its retention, one UTC day at a time with the day rolled up again afterwards ({@link DailyRollups#rewritingDay}).
 *
 * <p>Ledger first, so a crash between the two leaves a row at its old cost whose correction the ledger holds: the
 * re-run finds the ledger at the new cost (REPLAY) and rewrites the row. A row the ledger refuses to correct
 * (COST_MISMATCH, TOO_MANY_CORRECTIONS, ...) is left as it is, so row and ledger never disagree because of a re-rating.
 */
final class PeriodRerating {
    /** The longest period one re-rating covers. */
    static final Duration MAX_PERIOD = Duration.ofDays(31);
    /** The most CDRs one re-rating reads; a larger period is refused before anything changes. */
    static final int MAX_CALLS = 100_000;
    /** The most changes a report lists (it counts them all). */
    static final int LISTED_CHANGES = 100;
    /** Corrections and rewrites in flight at once. */
    static final int IN_FLIGHT = 32;
    private static final int PAGE = 1_000;

    /** More CDRs in the period than one re-rating reads. */
    static final class TooLarge extends Exception {
        TooLarge(int maxCalls) {
            super("the period holds more than " + maxCalls + " CDRs: re-rate it in shorter periods", null, false, false);
        }
    }

    /**
     * One CDR whose price changed: as stored, and as priced again; once applied, what the ledger answered (a
     * {@link CostCorrection.Outcome}, or REPLAY when only the billed seconds changed) and whether the row was rewritten.
     */
    record Change(RatedCdr before, RatedCdr after, CostCorrection.Outcome ledger, boolean rewritten) {
    }

    /**
     * What a re-rating found and did. Totals are over every CDR read, in the account's currency (a CDR's cost is
     * kept where it was not priced again).
     */
    record Report(long deckVersion, boolean applied, int calls, int changed, long oldTotalMicros, long newTotalMicros,
                  Map<Skip, Integer> skipped, Map<CostCorrection.Outcome, Integer> ledger, int rowsRewritten,
                  List<Change> listed) {
    }

    private final CdrStore cdrs;
    private final DailyRollups rollups;
    private final ChargingClient charging;
    private final int maxCalls;

    PeriodRerating(CdrStore cdrs, DailyRollups rollups, ChargingClient charging) {
        this(cdrs, rollups, charging, MAX_CALLS);
    }

    /** With a lower bound on the CDRs one run reads (tests). */
    PeriodRerating(CdrStore cdrs, DailyRollups rollups, ChargingClient charging, int maxCalls) {
        this.cdrs = cdrs;
        this.rollups = rollups;
        this.charging = charging;
        this.maxCalls = maxCalls;
    }

    Report run(Account account, Instant from, Instant to, CdrRepricer repricer, long deckVersion, boolean apply,
               long nowMillis) throws TooLarge {
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("a re-rating covers [from, to) of at most " + MAX_PERIOD.toDays() + " days");
        }
        List<Change> changes = new ArrayList<>();
        Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
        long oldTotal = 0;
        long newTotal = 0;
        int calls = 0;
        CdrPosition after = null;
        do {
            CdrPage page = cdrs.page(account.tenantId(), account.accountId(), from, to, CdrFilter.NONE, after, PAGE)
                    .toCompletableFuture().join();
            for (RatedCdr cdr : page.rows()) {
                if (++calls > maxCalls) {
                    throw new TooLarge(maxCalls);
                }
                oldTotal = Math.addExact(oldTotal, cdr.cost().micros());
                CdrRepricer.Verdict verdict = repricer.reprice(cdr);
                if (verdict.skipped() != null) {
                    skipped.merge(verdict.skipped(), 1, Integer::sum);
                    newTotal = Math.addExact(newTotal, cdr.cost().micros());
                    continue;
                }
                RatedCdr repriced = verdict.repriced();
                newTotal = Math.addExact(newTotal, repriced.cost().micros());
                if (!repriced.cost().equals(cdr.cost()) || repriced.billedSeconds() != cdr.billedSeconds()) {
                    changes.add(new Change(cdr, repriced, null, false));
                }
            }
            after = page.next();
        } while (after != null);

        Map<CostCorrection.Outcome, Integer> ledger = new EnumMap<>(CostCorrection.Outcome.class);
        int rewritten = 0;
        List<Change> done = changes;
        if (apply) {
            Map<LocalDate, List<Change>> byDay = new TreeMap<>();
            changes.forEach(change -> byDay.computeIfAbsent(change.before().day(), day -> new ArrayList<>()).add(change));
            done = new ArrayList<>(changes.size());
            for (Map.Entry<LocalDate, List<Change>> day : byDay.entrySet()) {
                List<Change> applied = rollups.rewritingDay(new RollupKey(account.tenantId(), account.accountId(),
                        day.getKey()), () -> applyAll(day.getValue(), 0, new ArrayList<>(), account, deckVersion, nowMillis))
                        .toCompletableFuture().join();
                done.addAll(applied);
            }
            for (Change change : done) {
                ledger.merge(change.ledger(), 1, Integer::sum);
                rewritten += change.rewritten() ? 1 : 0;
            }
        }
        return new Report(deckVersion, apply, calls, changes.size(), oldTotal, newTotal, skipped, ledger, rewritten,
                done.subList(0, Math.min(LISTED_CHANGES, done.size())));
    }

    /**
     * Corrects and rewrites one day's changes, {@value #IN_FLIGHT} at a time; each answers what happened to it. Never
     * blocks: it runs on the Cassandra driver's threads, which a wait would stop from answering the very queries waited on.
     */
    private CompletionStage<List<Change>> applyAll(List<Change> changes, int from, List<Change> applied, Account account,
                                                   long deckVersion, long nowMillis) {
        if (from >= changes.size()) {
            return CompletableFuture.completedFuture(applied);
        }
        List<CompletableFuture<Change>> batch = new ArrayList<>();
        for (Change change : changes.subList(from, Math.min(changes.size(), from + IN_FLIGHT))) {
            batch.add(apply(change, account, deckVersion, nowMillis).toCompletableFuture());
        }
        return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            batch.forEach(done -> applied.add(done.join()));
            return applyAll(changes, from + IN_FLIGHT, applied, account, deckVersion, nowMillis);
        });
    }

    private CompletionStage<Change> apply(Change change, Account account, long deckVersion, long nowMillis) {
        RatedCdr before = change.before();
        RatedCdr after = change.after();
        CompletionStage<CostCorrection.Outcome> corrected = before.cost().equals(after.cost())
                ? CompletableFuture.completedFuture(CostCorrection.Outcome.REPLAY)
                : charging.correctCallCost(account.accountId(), before.transferId(),
                        RatedCdr.SWITCH_API_SOURCE.equals(before.source()), before.currency(), before.cost().micros(),
                        after.cost().micros(), nowMillis, "re-rated by rate deck v" + deckVersion + ": " + before.callId())
                        .thenApply(CostCorrection::outcome);
        return corrected.thenCompose(outcome -> {
            // The row takes its new price only where the ledger holds the call at it now, or never charged it.
            boolean rewritable = outcome == CostCorrection.Outcome.CORRECTED || outcome == CostCorrection.Outcome.REPLAY
                    || outcome == CostCorrection.Outcome.NOT_CHARGED;
            if (!rewritable) {
                return CompletableFuture.completedFuture(new Change(before, after, outcome, false));
            }
            return cdrs.rewriteForItsRetention(after).thenApply(written -> new Change(before, after, outcome, written));
        });
    }
}
