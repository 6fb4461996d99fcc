package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * The jobs a gateway sends to the node that owns an account. Each carries only its arguments and runs
 * the matching {@link ChargingCore} operation there, so the hot path is one network hop.
 */
final class ChargingJobs {
    private ChargingJobs() {
    }

    /** Gives every job its node's Ignite instance. */
    abstract static class OnOwner<T> implements IgniteCallable<T> {
        @IgniteInstanceResource
        private transient Ignite ignite;

        ChargingCore core() {
            return ChargingCore.on(ignite);
        }
    }

    static final class Authorise extends OnOwner<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final String caller;
        private final String callee;
        private final Direction direction;
        private final String subscriberId;
        private final long atMillis;

        Authorise(String accountId, String callId, String caller, String callee, Direction direction, String subscriberId,
                  long atMillis) {
            this.accountId = accountId;
            this.callId = callId;
            this.caller = caller;
            this.callee = callee;
            this.direction = direction;
            this.subscriberId = subscriberId;
            this.atMillis = atMillis;
        }

        @Override
        public ChargingResult call() {
            return core().authorise(accountId, callId, caller, callee, direction, subscriberId, atMillis);
        }
    }

    static final class Answer extends OnOwner<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final long atMillis;

        Answer(String accountId, String callId, long atMillis) {
            this.accountId = accountId;
            this.callId = callId;
            this.atMillis = atMillis;
        }

        @Override
        public ChargingResult call() {
            return core().answer(accountId, callId, atMillis);
        }
    }

    static final class Interim extends OnOwner<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final long sequence;
        private final long atMillis;

        Interim(String accountId, String callId, long sequence, long atMillis) {
            this.accountId = accountId;
            this.callId = callId;
            this.sequence = sequence;
            this.atMillis = atMillis;
        }

        @Override
        public ChargingResult call() {
            return core().interim(accountId, callId, sequence, atMillis);
        }
    }

    static final class Stop extends OnOwner<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final long durationSecs;
        private final long atMillis;
        private final String raw;

        private final boolean reconcileUnknown;

        Stop(String accountId, String callId, long durationSecs, long atMillis, String raw, boolean reconcileUnknown) {
            this.reconcileUnknown = reconcileUnknown;
            this.accountId = accountId;
            this.callId = callId;
            this.durationSecs = durationSecs;
            this.atMillis = atMillis;
            this.raw = raw;
        }

        @Override
        public ChargingResult call() {
            return core().stop(accountId, callId, durationSecs, atMillis, raw, reconcileUnknown);
        }
    }

    static final class Transfer extends OnOwner<TransferResult> {
        private final String accountId;
        private final String transferId;
        private final TransferKind kind;
        private final long amountMicros;
        private final long atMillis;
        private final String note;

        Transfer(String accountId, String transferId, TransferKind kind, long amountMicros, long atMillis, String note) {
            this.accountId = accountId;
            this.transferId = transferId;
            this.kind = kind;
            this.amountMicros = amountMicros;
            this.atMillis = atMillis;
            this.note = note;
        }

        @Override
        public TransferResult call() {
            return core().transfer(accountId, transferId, kind, amountMicros, atMillis, note);
        }
    }
}
