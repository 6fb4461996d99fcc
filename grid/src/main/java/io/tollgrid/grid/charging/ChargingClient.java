package io.tollgrid.grid.charging;

import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.node.GridQuorum;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.cluster.ClusterTopologyException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What gateways call. Each operation is sent to the node that owns the account, so it runs next to the
 * balance and the session; operations waiting for the same node travel together ({@link OwnerLanes}).
 * Futures complete on an Ignite thread; callers that need their own thread (a Vert.x context) must hop back to it.
 */
public final class ChargingClient implements AutoCloseable {
    /** How often one operation is sent again after its owner node left; the gateway's deadline still applies. */
    static final int MAX_ATTEMPTS = 5;
    static final long RETRY_BACKOFF_MILLIS = 100;

    private final OwnerLanes lanes;
    private final GridQuorum quorum;

    public ChargingClient(Ignite ignite) {
        this.lanes = new OwnerLanes(ignite);
        this.quorum = new GridQuorum(ignite);
    }

    /**
     * How many batches this client sent, carrying how many operations (their ratio is the mean batch size), and
     * how many of the batches ran on this node itself (a gateway embedded in a grid node) rather than as jobs.
     */
    public record LaneStats(long batches, long operations, long batchesRunLocally) {
    }

    /** The owner node's lane already holds its maximum of waiting operations: the grid is not keeping up. */
    public static final class Overloaded extends RuntimeException {
        Overloaded(int waiting) {
            super("the owner node's lane already holds " + waiting + " waiting operations", null, false, false);
        }
    }

    /**
     * This side of the grid holds no majority of the baseline (a partition cut it off, or too many nodes are down):
     * it refuses to move money, and the caller should try a gateway on the majority side.
     */
    public static final class NoQuorum extends RuntimeException {
        NoQuorum(GridQuorum.View view) {
            super("this side of the grid holds no quorum: " + view, null, false, false);
        }
    }

    /** Whether this client's side of the grid may charge now ({@link GridQuorum}). */
    public GridQuorum.View quorum() {
        return quorum.current();
    }

    public LaneStats laneStats() {
        return lanes.stats();
    }

    public CompletableFuture<ChargingResult> authorise(String accountId, String callId, String caller, String callee,
                                                       long atMillis) {
        return authorise(accountId, callId, caller, callee, Direction.OUTBOUND, null, atMillis);
    }

    public CompletableFuture<ChargingResult> authorise(String accountId, String callId, String caller, String callee,
                                                       Direction direction, long atMillis) {
        return authorise(accountId, callId, caller, callee, direction, null, atMillis);
    }

    /** @param subscriberId the extension (SIP user, PIN) making the call, or null for the account itself */
    public CompletableFuture<ChargingResult> authorise(String accountId, String callId, String caller, String callee,
                                                       Direction direction, String subscriberId, long atMillis) {
        return onOwner(new ChargingJobs.Authorise(accountId, callId, caller, callee, direction, subscriberId,
                atMillis));
    }

    public CompletableFuture<ChargingResult> interim(String accountId, String callId, long sequence, long atMillis) {
        return onOwner(new ChargingJobs.Interim(accountId, callId, sequence, atMillis));
    }

    public CompletableFuture<TransferResult> transfer(String accountId, String transferId, TransferKind kind,
                                                      long amountMicros, long atMillis, String note) {
        return onOwner(new ChargingJobs.Transfer(accountId, transferId, kind, amountMicros, atMillis, note));
    }

    /**
     * Moves money from {@code payerId} to {@code payeeId} once per transfer id, in one transaction over both
     * accounts (a reseller funding its customer from its wallet); refused when the payer cannot cover it.
     */
    public CompletableFuture<TransferResult> transferBetween(String payerId, String payeeId, String transferId,
                                                             long amountMicros, long atMillis, String note) {
        return onOwner(new ChargingJobs.TransferBetween(payerId, payeeId, transferId, amountMicros, atMillis, note));
    }

    /**
     * Posts a call imported from a switch's CDR to its account once per transfer id (ingest's {@code post=true}):
     * a CHARGE of its cost, never refused for the credit limit or the daily cap but flagged; not posted when the switch
     * API knows the call ({@link PostedCall.Outcome#BILLED_LIVE}). Travels in the owner's lane like every other
     * operation, so many posts share one job and one transaction. See {@link ChargingCore#postImportedCall}.
     *
     * @param switchCallId the switch's call id without a leg, matched against the account's sessions; null for none
     * @param transferId   the CDR's key, so a re-import, a replayed file or a Jet replay moves no money
     * @param historyChecked the caller looked the call up in history and found no switch-API stop of it; without
     *                     that, a call that ended longer ago than the grid keeps sessions answers
     *                     {@link PostedCall.Outcome#CHECK_HISTORY} and posts nothing
     */
    public CompletableFuture<PostedCall> postImportedCall(String accountId, String switchCallId, String transferId,
                                                          String currency, long costMicros, long endedAtMillis,
                                                          String note, boolean historyChecked) {
        return onOwner(new ChargingJobs.PostImportedCall(accountId, switchCallId, transferId, currency, costMicros,
                endedAtMillis, note, historyChecked));
    }

    /**
     * Corrects a charged call's cost after re-rating: a CORRECTION transfer of the difference, once per change, in
     * the owner's lane like every other operation. See {@link ChargingCore#correctCallCost}.
     *
     * @param callTransferId the call's CDR key as a transfer id ({@code RatedCdr.transferId})
     * @param chargedLive    the call was charged at its switch-API stop (not imported)
     * @param fromCostMicros the CDR's cost, re-rated from
     */
    public CompletableFuture<CostCorrection> correctCallCost(String accountId, String callTransferId, boolean chargedLive,
                                                             String currency, long fromCostMicros, long toCostMicros,
                                                             long atMillis, String note) {
        return onOwner(new ChargingJobs.CorrectCallCost(accountId, callTransferId, chargedLive, currency, fromCostMicros,
                toCostMicros, atMillis, note));
    }

    public CompletableFuture<ChargingResult> answer(String accountId, String callId, long atMillis) {
        return answer(accountId, callId, atMillis, null);
    }

    /**
     * @param carrierId the carrier that answered, as the switch's start names it, or null; when the call's slot is
     *                  another carrier's (its first route failed over), the slot moves to this one
     */
    public CompletableFuture<ChargingResult> answer(String accountId, String callId, long atMillis, String carrierId) {
        return onOwner(new ChargingJobs.Answer(accountId, callId, atMillis, carrierId));
    }

    public CompletableFuture<ChargingResult> stop(String accountId, String callId, long durationSecs, long atMillis,
                                                  String raw) {
        return stop(accountId, callId, durationSecs, atMillis, raw, 0);
    }

    /**
     * @param failOpenAtMillis when a trusted switch let the call through without the grid (fail-open), the instant
     *                         the gateway answered so; the stop then bills a call the grid never saw, within the
     *                         retention window ({@link ChargingPolicy#failOpenStopInTime}). 0 for an ordinary stop.
     */
    public CompletableFuture<ChargingResult> stop(String accountId, String callId, long durationSecs, long atMillis,
                                                  String raw, long failOpenAtMillis) {
        return stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, null);
    }

    /**
     * @param carrierId the carrier the switch says connected the call, or null; recorded on the session and the CDR
     *                  with its buy cost ({@link ChargingCore#stop(String, String, long, long, String, long, String)})
     */
    public CompletableFuture<ChargingResult> stop(String accountId, String callId, long durationSecs, long atMillis,
                                                  String raw, long failOpenAtMillis, String carrierId) {
        return stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, 0);
    }

    /**
     * @param sipCode the SIP final response the switch says ended the call (100 to 699), or 0 when it did not say;
     *                carried to the CDR ({@link ChargingCore#stop(String, String, long, long, String, long, String, int)})
     */
    public CompletableFuture<ChargingResult> stop(String accountId, String callId, long durationSecs, long atMillis,
                                                  String raw, long failOpenAtMillis, String carrierId, int sipCode) {
        return stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, sipCode,
                StopEvent.NO_PDD);
    }

    /**
     * @param pddMs the post-dial delay the switch measured, 0 to {@link StopEvent#MAX_PDD_MS} ms, or
     *              {@link StopEvent#NO_PDD}; carried to the CDR
     */
    public CompletableFuture<ChargingResult> stop(String accountId, String callId, long durationSecs, long atMillis,
                                                  String raw, long failOpenAtMillis, String carrierId, int sipCode,
                                                  int pddMs) {
        if (pddMs != StopEvent.NO_PDD && (pddMs < 0 || pddMs > StopEvent.MAX_PDD_MS)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a post-dial delay is 0 to "
                    + StopEvent.MAX_PDD_MS + " ms: " + pddMs));
        }
        if (durationSecs < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("duration must not be negative"));
        }
        if (sipCode != 0 && (sipCode < 100 || sipCode > 699)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a SIP response is 100 to 699: " + sipCode));
        }
        return onOwner(new ChargingJobs.Stop(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId,
                sipCode, pddMs));
    }

    /**
     * Sends the job to the account's owner, in its node's lane. When the owner left the topology under us the job is sent
     * again, after the client has seen the new topology; when this client itself was cut off (the server it
     * routes through died) it is sent again once the client has joined again. Jobs are idempotent by call-id,
     * so a job that did run before its node died returns its first answer the second time.
     */
    private <T> CompletableFuture<T> onOwner(ChargingJobs.Op<T> op) {
        GridQuorum.View view = quorum.current();
        if (!view.holds()) {
            return CompletableFuture.failedFuture(new NoQuorum(view));
        }
        return attempt(op, 1);
    }

    private <T> CompletableFuture<T> attempt(ChargingJobs.Op<T> op, int attempt) {
        return lanes.submit(op).handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            IgniteClientDisconnectedException disconnected = causeOf(error, IgniteClientDisconnectedException.class);
            if (attempt < MAX_ATTEMPTS && disconnected != null) {
                // This client lost the server it routes through and is joining again; the job goes out once it has.
                CompletableFuture<Void> rejoined = new CompletableFuture<>();
                disconnected.reconnectFuture().listen(ignored -> rejoined.complete(null));
                return rejoined.thenCompose(ignored -> attempt(op, attempt + 1));
            }
            if (attempt < MAX_ATTEMPTS && causeOf(error, ClusterTopologyException.class) != null) {
                Executor later = CompletableFuture.delayedExecutor(RETRY_BACKOFF_MILLIS * attempt, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                        .thenCompose(ignored -> attempt(op, attempt + 1));
            }
            return CompletableFuture.<T>failedFuture(error);
        }).thenCompose(Function.identity());
    }

    /** Stops the thread that runs this node's own batches (a gateway embedded in a grid node); nothing else to free. */
    @Override
    public void close() {
        lanes.close();
    }

    static <E extends Throwable> E causeOf(Throwable error, Class<E> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
