package io.tollgrid.grid.charging;

import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.routing.CarrierQuality;
import io.tollgrid.grid.routing.RoutingTable;
import io.tollgrid.grid.tenancy.TenantTree;
import org.apache.ignite.Ignite;

import java.util.List;

/**
 * The charging rules, run on the node that owns the account. Every operation is one pessimistic
 * transaction that locks the account first, then the session (one lock order everywhere, so no
 * deadlocks), and each is idempotent: a replay returns the first answer and moves no money.
 *
 * <p>Invariants, per account: balance + posted costs = opening balance + transfers; reserved = the sum of
 * the reservations of calls in progress; balance + credit limit - reserved never goes below zero.
 *
 * <p>This is the entry point; the work is split by job: {@link CallReservations} (authorise, answer, interim),
 * {@link CallSettlement} (stop, reap), {@link AccountTransfers} (transfers and imported calls), each a factory of
 * {@link Step}s that {@link StepRunner} runs alone or batched, on the caches and data of {@link ChargingStore}.
 */
public final class ChargingCore {
    /** Operations this JVM committed in a transaction shared by a batch, for the node's metrics. */
    public static long batchedSteps() {
        return StepRunner.BATCHED_STEPS.sum();
    }

    /** Shared batch transactions this JVM rolled back (their operations then ran one each), for the node's metrics. */
    public static long batchFallbacks() {
        return StepRunner.BATCH_FALLBACKS.sum();
    }

    /** Calls ended on this JVM whose carrier counter was already 0 (docs/routing.md, "Carrier limits"), for the node's metrics. */
    public static long carrierSlotUnderflows() {
        return CarrierSlots.UNDERFLOWS.sum();
    }

    private static final String NODE_LOCAL_KEY = "tollgrid.charging.core";

    private final StepRunner runner;
    /** Whether the node's rate decks were installed when this core was made; only then is it kept ({@link #on}). */
    private final boolean decksInstalled;
    private final CallReservations reservations;
    private final CallSettlement settlement;
    private final AccountTransfers transfers;

    /**
     * This node's core, made once per node: building one looks up nine caches, too much to repeat for every
     * job. Until the node's policy and decks are installed a fresh core is returned and not kept.
     */
    public static ChargingCore on(Ignite ignite) {
        ChargingCore kept = (ChargingCore) ignite.cluster().nodeLocalMap().get(NODE_LOCAL_KEY);
        if (kept != null) {
            return kept;
        }
        ChargingCore core = new ChargingCore(ignite);
        boolean complete = ignite.cluster().nodeLocalMap().get(ChargingPolicy.NODE_LOCAL_KEY) != null && core.decksInstalled;
        if (complete) {
            ignite.cluster().<String, Object>nodeLocalMap().putIfAbsent(NODE_LOCAL_KEY, core);
        }
        return core;
    }

    public ChargingCore(Ignite ignite) {
        ChargingPolicy local = (ChargingPolicy) ignite.cluster().nodeLocalMap().get(ChargingPolicy.NODE_LOCAL_KEY);
        ChargingStore store = new ChargingStore(ignite, local == null ? ChargingPolicy.DEFAULTS : local);
        TenantSlots tenantSlots = new TenantSlots(ignite.cache(Caches.TENANT_CALLS));
        CarrierSlots carrierSlots = new CarrierSlots(ignite.cache(Caches.CARRIER_CALLS), ignite.cache(Caches.CARRIER_SECONDS));
        RoutingTable routing = RoutingTable.on(ignite);
        this.runner = new StepRunner(ignite, store.accounts);
        this.decksInstalled = store.decksInstalled();
        this.reservations = new CallReservations(store, tenantSlots, carrierSlots, routing, new TenantTree(ignite));
        this.settlement = new CallSettlement(runner, store, tenantSlots, carrierSlots, routing, CarrierQuality.on(ignite));
        this.transfers = new AccountTransfers(store);
    }

    /** Runs one step in a transaction of its own. */
    <T> T runAlone(Step<T> step) {
        return runner.runAlone(step);
    }

    /** Runs the steps of one batch, answering each in its slot: the answer, or the exception it raised. */
    Object[] runBatch(List<Step<?>> steps) {
        return runner.runBatch(steps);
    }

    /**
     * Checks status, limits and funds, then reserves for the call and takes its slot; or denies and changes
     * nothing. Emergency numbers skip every check, reserve nothing and are free.
     */
    public ChargingResult authorise(String accountId, String callId, String caller, String callee, Direction direction,
                                    String subscriberId, long atMillis) {
        return runAlone(authoriseStep(accountId, callId, caller, callee, direction, subscriberId, atMillis));
    }

    Step<ChargingResult> authoriseStep(String accountId, String callId, String caller, String callee,
                                       Direction direction, String subscriberId, long atMillis) {
        return reservations.authoriseStep(accountId, callId, caller, callee, direction, subscriberId, atMillis);
    }

    /** Marks the call answered. Repeats, and answers after stop, change nothing. */
    public ChargingResult answer(String accountId, String callId, long atMillis) {
        return answer(accountId, callId, atMillis, null);
    }

    /**
     * Marks the call answered by {@code carrierId} (null: not named). A call whose carrier slot is another carrier's
     * (the switch failed over from its first route) moves its slot to the one that answered.
     */
    public ChargingResult answer(String accountId, String callId, long atMillis, String carrierId) {
        return runAlone(answerStep(accountId, callId, atMillis, carrierId));
    }

    Step<ChargingResult> answerStep(String accountId, String callId, long atMillis, String carrierId) {
        return reservations.answerStep(accountId, callId, atMillis, carrierId);
    }

    /**
     * An interim report: the switch is alive. Under INCREMENTAL the grant grows by one slice, as far as the
     * funds allow; under FULL only the liveness is recorded. A sequence at or below the last one applied is
     * a replay.
     */
    public ChargingResult interim(String accountId, String callId, long sequence, long atMillis) {
        return runAlone(interimStep(accountId, callId, sequence, atMillis));
    }

    Step<ChargingResult> interimStep(String accountId, String callId, long sequence, long atMillis) {
        return reservations.interimStep(accountId, callId, sequence, atMillis);
    }

    /**
     * Posts the actual cost of the call at the rate it was authorised with, releases its reservation and
     * slot, and puts the rated call in the outbox, all in one transaction. A second stop returns the first
     * answer. A stop after the reaper voided the call still bills it, within the funds left.
     * The charge is capped by {@link CallSettlement#chargeable}.
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw) {
        return stop(accountId, callId, durationSecs, atMillis, raw, 0);
    }

    /**
     * @param failOpenAtMillis when a trusted switch let the call through because the grid did not answer
     *                         (fail-open), the instant the gateway said so; then a call never authorised here is
     *                         billed, if the stop comes within {@link ChargingPolicy#failOpenStopInTime}. 0 for an
     *                         ordinary stop, which is refused for an unknown call.
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis) {
        return runAlone(stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, null, 0,
                StopEvent.NO_PDD));
    }

    /**
     * @param carrierId the carrier the switch says connected the call (docs/routing.md), or null: recorded on the
     *                  session and the CDR with its buy cost; an unknown carrier is refused and changes nothing
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis, String carrierId) {
        return stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, 0);
    }

    /**
     * @param sipCode the SIP final response the switch says ended the call (100 to 699), or 0: carried to the CDR, where
     *                it gives the call's Q.850 cause and disposition
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis, String carrierId, int sipCode) {
        return stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, sipCode,
                StopEvent.NO_PDD);
    }

    /**
     * @param pddMs the call's post-dial delay as the switch measured it (0 to {@link StopEvent#MAX_PDD_MS} ms), or
     *              {@link StopEvent#NO_PDD}: carried to the CDR
     */
    public ChargingResult stop(String accountId, String callId, long durationSecs, long atMillis, String raw,
                               long failOpenAtMillis, String carrierId, int sipCode, int pddMs) {
        ChargingResult result = runAlone(stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis,
                carrierId, sipCode, pddMs));
        stopCommitted(result);
        return result;
    }

    Step<ChargingResult> stopStep(String accountId, String callId, long durationSecs, long atMillis, String raw,
                                  long failOpenAtMillis, String carrierId, int sipCode) {
        return stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, sipCode,
                StopEvent.NO_PDD);
    }

    Step<ChargingResult> stopStep(String accountId, String callId, long durationSecs, long atMillis, String raw,
                                  long failOpenAtMillis, String carrierId, int sipCode, int pddMs) {
        return settlement.stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, sipCode,
                pddMs);
    }

    /**
     * After a batch committed, on the owner: a first stop that named a carrier its buy plan rates feeds that carrier's
     * quality window for the prefix (answered when it lasted a second or more). Replays and refused stops feed nothing.
     */
    void stopCommitted(ChargingResult result) {
        settlement.stopCommitted(result);
    }

    /**
     * Voids a call whose switch went silent: releases its reservation and slot, charges nothing. Re-checks
     * under the lock, so a stop that won the race is left alone. Returns true if it reaped.
     */
    public boolean reap(String accountId, String callId, long nowMillis) {
        return settlement.reap(accountId, callId, nowMillis);
    }

    /** Applies a top-up, refund or adjustment once per transfer id. */
    public TransferResult transfer(String accountId, String transferId, TransferKind kind, long amountMicros,
                                   long atMillis, String note) {
        return runAlone(transferStep(accountId, transferId, kind, amountMicros, atMillis, note));
    }

    Step<TransferResult> transferStep(String accountId, String transferId, TransferKind kind, long amountMicros,
                                      long atMillis, String note) {
        return transfers.transferStep(accountId, transferId, kind, amountMicros, atMillis, note);
    }

    /**
     * Moves money from one account to another (a reseller's wallet to its customer), once per transfer id:
     * one transaction that locks both accounts, in id order like a batch, and writes both halves of the
     * transfer. Refused when the payer's balance plus its credit limit, less what its calls in progress hold,
     * does not cover it. Creates no money: the two balances change by the same amount in opposite directions.
     */
    public TransferResult transferBetween(String payerId, String payeeId, String transferId, long amountMicros,
                                          long atMillis, String note) {
        return runAlone(transferBetweenStep(payerId, payeeId, transferId, amountMicros, atMillis, note));
    }

    Step<TransferResult> transferBetweenStep(String payerId, String payeeId, String transferId, long amountMicros,
                                             long atMillis, String note) {
        return transfers.transferBetweenStep(payerId, payeeId, transferId, amountMicros, atMillis, note);
    }

    /**
     * Posts a call imported from a switch's CDR (ingest, {@code post=true}) to its account, once per transfer id: a
     * CHARGE transfer of its cost, in one transaction on the account's owner, beside the transfers of vouchers and
     * product charges, and a stopped record under the switch's call id that a later fail-open stop of the call replays
     * ({@link AccountTransfers#IMPORTED_CALL_RATE}). Not posted, changing nothing: a transfer id posted before (REPLAY,
     * or POSTED_AT_OTHER_COST when the amount differs), and a call the switch API knows (a session of this account under
     * {@code switchCallId}, in any state: its stop bills it, BILLED_LIVE). Refused: an unknown or closed account,
     * another currency. The call already happened, so neither the credit limit nor the daily cap refuses it
     * (CHARGE_AND_FLAG): it is charged in full and the answer flags it, with an account event on the crossing;
     * the low-balance event is raised as for any charge. A cost of 0 checks the account and writes nothing.
     *
     * @param switchCallId the switch's call id (without a leg), or null when the CDR has none
     * @param endedAtMillis when the call ended: the transfer's instant and the day whose spend it counts in
     */
    public PostedCall postImportedCall(String accountId, String switchCallId, String transferId, String currency,
                                       long costMicros, long endedAtMillis, String note, boolean historyChecked) {
        return runAlone(importedCallStep(accountId, switchCallId, transferId, currency, costMicros, endedAtMillis, note,
                historyChecked));
    }

    Step<PostedCall> importedCallStep(String accountId, String switchCallId, String transferId, String currency,
                                      long costMicros, long endedAtMillis, String note, boolean historyChecked) {
        return transfers.importedCallStep(accountId, switchCallId, transferId, currency, costMicros, endedAtMillis, note,
                historyChecked);
    }

    /**
     * Corrects a charged call's cost after re-rating (docs/rating.md, "Re-rating a period"): posts the difference
     * between what the ledger holds the call at and {@code toCostMicros} as a CORRECTION transfer keyed by the call's
     * transfer id and its correction's number, in one transaction on the account's owner. What the ledger holds the
     * call at: its last correction's cost, else its posted CHARGE (an imported call, keyed by {@code callTransferId}),
     * else, for a call charged at its stop ({@code chargedLive}), {@code fromCostMicros}, the CDR's cost. Changing
     * nothing: REPLAY when the ledger holds it at {@code toCostMicros} already (a re-run, also after a crash between
     * this and the CDR's rewrite), COST_MISMATCH when it holds another cost than {@code fromCostMicros}, NOT_CHARGED
     * for a call never charged. A rise is never refused for the credit limit, but flagged (the call happened).
     */
    public CostCorrection correctCallCost(String accountId, String callTransferId, boolean chargedLive, String currency,
                                          long fromCostMicros, long toCostMicros, long atMillis, String note) {
        return runAlone(correctionStep(accountId, callTransferId, chargedLive, currency, fromCostMicros, toCostMicros,
                atMillis, note));
    }

    Step<CostCorrection> correctionStep(String accountId, String callTransferId, boolean chargedLive, String currency,
                                        long fromCostMicros, long toCostMicros, long atMillis, String note) {
        return transfers.correctionStep(accountId, callTransferId, chargedLive, currency, fromCostMicros, toCostMicros,
                atMillis, note);
    }
}
