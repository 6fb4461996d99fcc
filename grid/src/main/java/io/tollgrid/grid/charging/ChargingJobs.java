package io.tollgrid.grid.charging;

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

    static final class Authorise implements IgniteCallable<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final String caller;
        private final String callee;
        private final long atMillis;
        @IgniteInstanceResource
        private transient Ignite ignite;

        Authorise(String accountId, String callId, String caller, String callee, long atMillis) {
            this.accountId = accountId;
            this.callId = callId;
            this.caller = caller;
            this.callee = callee;
            this.atMillis = atMillis;
        }

        @Override
        public ChargingResult call() {
            return new ChargingCore(ignite).authorise(accountId, callId, caller, callee, atMillis);
        }
    }

    static final class Answer implements IgniteCallable<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final long atMillis;
        @IgniteInstanceResource
        private transient Ignite ignite;

        Answer(String accountId, String callId, long atMillis) {
            this.accountId = accountId;
            this.callId = callId;
            this.atMillis = atMillis;
        }

        @Override
        public ChargingResult call() {
            return new ChargingCore(ignite).answer(accountId, callId, atMillis);
        }
    }

    static final class Stop implements IgniteCallable<ChargingResult> {
        private final String accountId;
        private final String callId;
        private final long durationSecs;
        private final long atMillis;
        private final String raw;
        @IgniteInstanceResource
        private transient Ignite ignite;

        Stop(String accountId, String callId, long durationSecs, long atMillis, String raw) {
            this.accountId = accountId;
            this.callId = callId;
            this.durationSecs = durationSecs;
            this.atMillis = atMillis;
            this.raw = raw;
        }

        @Override
        public ChargingResult call() {
            return new ChargingCore(ignite).stop(accountId, callId, durationSecs, atMillis, raw);
        }
    }
}
