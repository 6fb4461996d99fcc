package io.tollgrid.ingest.outbox;

import io.tollgrid.grid.cdr.StopEvent;
import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;

import java.time.Instant;

/** Turns the grid's stop event into the CDR history keeps. The cost was rated by the grid at stop. */
public final class StopEvents {
    private StopEvents() {
    }

    public static RatedCdr toCdr(StopEvent event) {
        return new RatedCdr(event.tenantId(), event.accountId(), event.callId(), event.caller(), event.callee(),
                Instant.ofEpochMilli(event.authorisedAtMillis()),
                event.answeredAtMillis() == 0 ? null : Instant.ofEpochMilli(event.answeredAtMillis()),
                Instant.ofEpochMilli(event.stoppedAtMillis()), event.durationSecs(), event.billedSecs(),
                disposition(event), event.rateId(), Money.ofMicros(event.costMicros()), event.currency(), RatedCdr.SWITCH_API_SOURCE,
                event.raw(), null, null, event.estimated(), event.carrierId(), buyCost(event),
                event.buyCostMicros() < 0 ? null : Money.ofMicros(event.costMicros() - event.buyCostMicros()),
                event.extension(), event.department(), direction(event), event.callType())
                .withCause(HangupCause.ofSip(event.sipCode())).withPdd(event.pddMs());
    }

    /**
     * ANSWERED for a call with answered seconds; otherwise what the switch's SIP final response says (BUSY for a 486,
     * ...; {@link HangupCause#dispositionOfSip}), NO_ANSWER when it named none.
     */
    public static String disposition(StopEvent event) {
        if (event.durationSecs() > 0) {
            return "ANSWERED";
        }
        return event.sipCode() >= 300 ? HangupCause.dispositionOfSip(event.sipCode()) : "NO_ANSWER";
    }

    private static RatedCdr.Direction direction(StopEvent event) {
        return event.direction() == null ? null : RatedCdr.Direction.valueOf(event.direction().name());
    }

    /** The connected carrier's cost, or null when no carrier was named or its buy plan did not rate the call. */
    private static Money buyCost(StopEvent event) {
        return event.buyCostMicros() < 0 ? null : Money.ofMicros(event.buyCostMicros());
    }
}
