package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.ledger.CostCorrection;
import io.tollgrid.grid.ledger.PostedCall;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gateway sends to the node that owns an account: operations that carry only their arguments,
 * gathered into one {@link Batch} job per node, which runs them as {@link ChargingCore} steps there.
 */
final class ChargingJobs {
    private ChargingJobs() {
    }

    /** One operation on one account, planned into a step on the node that runs it. */
    abstract static class Op<T> implements Serializable {
        final String accountId;

        Op(String accountId) {
            this.accountId = accountId;
        }

        abstract Step<T> plan(ChargingCore core);
    }

    /**
     * The operations one client had waiting for one node, run there together: one job instead of one per
     * operation, and one transaction for all that can share it. Each slot of the answer holds that
     * operation's result or the exception it raised.
     */
    static final class Batch implements IgniteCallable<Object[]> {
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final Op<?>[] ops;

        Batch(Op<?>[] ops) {
            this.ops = ops;
        }

        @Override
        public Object[] call() {
            return run(ChargingCore.on(ignite), ops);
        }

        /** Plans and runs the operations on this node's core; each slot holds an answer or the exception raised. */
        static Object[] run(ChargingCore core, Op<?>[] ops) {
            Object[] answers = new Object[ops.length];
            List<Step<?>> steps = new ArrayList<>(ops.length);
            int[] slots = new int[ops.length];
            for (int i = 0; i < ops.length; i++) {
                try {
                    slots[steps.size()] = i;
                    steps.add(ops[i].plan(core));
                } catch (RuntimeException e) {
                    answers[i] = e;
                }
            }
            Object[] run = core.runBatch(steps);
            for (int j = 0; j < run.length; j++) {
                answers[slots[j]] = run[j];
            }
            for (int i = 0; i < ops.length; i++) {
                // Committed by now: a stop naming its carrier feeds the carrier's quality window (routed calls only).
                if (ops[i] instanceof Stop && answers[i] instanceof ChargingResult stopped && stopped.carrierId() != null) {
                    core.stopCommitted(stopped);
                }
            }
            return answers;
        }
    }

    static final class Authorise extends Op<ChargingResult> {
        private final String callId;
        private final String caller;
        private final String callee;
        private final Direction direction;
        private final String subscriberId;
        private final long atMillis;

        Authorise(String accountId, String callId, String caller, String callee, Direction direction, String subscriberId,
                  long atMillis) {
            super(accountId);
            this.callId = callId;
            this.caller = caller;
            this.callee = callee;
            this.direction = direction;
            this.subscriberId = subscriberId;
            this.atMillis = atMillis;
        }

        @Override
        Step<ChargingResult> plan(ChargingCore core) {
            return core.authoriseStep(accountId, callId, caller, callee, direction, subscriberId, atMillis);
        }
    }

    static final class Answer extends Op<ChargingResult> {
        private final String callId;
        private final long atMillis;
        private final String carrierId;

        Answer(String accountId, String callId, long atMillis, String carrierId) {
            super(accountId);
            this.callId = callId;
            this.atMillis = atMillis;
            this.carrierId = carrierId;
        }

        @Override
        Step<ChargingResult> plan(ChargingCore core) {
            return core.answerStep(accountId, callId, atMillis, carrierId);
        }
    }

    static final class Interim extends Op<ChargingResult> {
        private final String callId;
        private final long sequence;
        private final long atMillis;

        Interim(String accountId, String callId, long sequence, long atMillis) {
            super(accountId);
            this.callId = callId;
            this.sequence = sequence;
            this.atMillis = atMillis;
        }

        @Override
        Step<ChargingResult> plan(ChargingCore core) {
            return core.interimStep(accountId, callId, sequence, atMillis);
        }
    }

    static final class Stop extends Op<ChargingResult> {
        private final String callId;
        private final long durationSecs;
        private final long atMillis;
        private final String raw;
        private final long failOpenAtMillis;
        private final String carrierId;
        private final int sipCode;
        private final int pddMs;

        Stop(String accountId, String callId, long durationSecs, long atMillis, String raw, long failOpenAtMillis,
             String carrierId, int sipCode, int pddMs) {
            super(accountId);
            this.pddMs = pddMs;
            this.carrierId = carrierId;
            this.sipCode = sipCode;
            this.callId = callId;
            this.durationSecs = durationSecs;
            this.atMillis = atMillis;
            this.raw = raw;
            this.failOpenAtMillis = failOpenAtMillis;
        }

        @Override
        Step<ChargingResult> plan(ChargingCore core) {
            return core.stopStep(accountId, callId, durationSecs, atMillis, raw, failOpenAtMillis, carrierId, sipCode,
                    pddMs);
        }
    }

    static final class Transfer extends Op<TransferResult> {
        private final String transferId;
        private final TransferKind kind;
        private final long amountMicros;
        private final long atMillis;
        private final String note;

        Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis, String note) {
            super(accountId);
            this.transferId = transferId;
            this.kind = kind;
            this.amountMicros = amountMicros;
            this.atMillis = atMillis;
            this.note = note;
        }

        @Override
        Step<TransferResult> plan(ChargingCore core) {
            return core.transferStep(accountId, transferId, kind, amountMicros, atMillis, note);
        }
    }

    static final class TransferBetween extends Op<TransferResult> {
        private final String payerId;
        private final String transferId;
        private final long amountMicros;
        private final long atMillis;
        private final String note;

        /** Runs on the node that owns the credited account; the payer's lock may be remote. */
        TransferBetween(String payerId, String payeeId, String transferId, long amountMicros, long atMillis, String note) {
            super(payeeId);
            this.payerId = payerId;
            this.transferId = transferId;
            this.amountMicros = amountMicros;
            this.atMillis = atMillis;
            this.note = note;
        }

        @Override
        Step<TransferResult> plan(ChargingCore core) {
            return core.transferBetweenStep(payerId, accountId, transferId, amountMicros, atMillis, note);
        }
    }

    static final class PostImportedCall extends Op<PostedCall> {
        private final String switchCallId;
        private final String transferId;
        private final String currency;
        private final long costMicros;
        private final long endedAtMillis;
        private final String note;
        private final boolean historyChecked;

        PostImportedCall(String accountId, String switchCallId, String transferId, String currency, long costMicros,
                         long endedAtMillis, String note, boolean historyChecked) {
            super(accountId);
            this.switchCallId = switchCallId;
            this.transferId = transferId;
            this.currency = currency;
            this.costMicros = costMicros;
            this.endedAtMillis = endedAtMillis;
            this.note = note;
            this.historyChecked = historyChecked;
        }

        @Override
        Step<PostedCall> plan(ChargingCore core) {
            return core.importedCallStep(accountId, switchCallId, transferId, currency, costMicros, endedAtMillis, note,
                    historyChecked);
        }
    }

    static final class CorrectCallCost extends Op<CostCorrection> {
        private final String callTransferId;
        private final boolean chargedLive;
        private final String currency;
        private final long fromCostMicros;
        private final long toCostMicros;
        private final long atMillis;
        private final String note;

        CorrectCallCost(String accountId, String callTransferId, boolean chargedLive, String currency,
                        long fromCostMicros, long toCostMicros, long atMillis, String note) {
            super(accountId);
            this.callTransferId = callTransferId;
            this.chargedLive = chargedLive;
            this.currency = currency;
            this.fromCostMicros = fromCostMicros;
            this.toCostMicros = toCostMicros;
            this.atMillis = atMillis;
            this.note = note;
        }

        @Override
        Step<CostCorrection> plan(ChargingCore core) {
            return core.correctionStep(accountId, callTransferId, chargedLive, currency, fromCostMicros, toCostMicros,
                    atMillis, note);
        }
    }
}
