package io.tollgrid.history;

import io.tollgrid.money.Money;
import io.tollgrid.rating.CallType;

import java.util.Objects;

/**
 * Which CDRs of a range a search keeps. Each criterion is optional; a CDR must meet every one given.
 *
 * @param caller             the caller exactly, or null
 * @param calleePrefix       the start of the callee (the dialled number after normalisation), or null
 * @param disposition        the disposition exactly (ANSWERED, NO_ANSWER, ...), or null
 * @param minDurationSeconds the least answered duration, 0 for any
 * @param minCost            the least cost, zero for any
 * @param extension          the extension exactly, or null
 * @param callType           the call type, or null
 * @param trunk              the PBX trunk exactly ({@link RatedCdr#trunk}), or null; never the carrier, which the
 *                           operator's routing keeps from tenants
 */
public record CdrFilter(String caller, String calleePrefix, String disposition, long minDurationSeconds, Money minCost,
                        String extension, CallType callType, String trunk) {
    public static final CdrFilter NONE = new CdrFilter(null, null, null, 0, Money.ZERO);

    /** A filter on neither extension, call type nor trunk. */
    public CdrFilter(String caller, String calleePrefix, String disposition, long minDurationSeconds, Money minCost) {
        this(caller, calleePrefix, disposition, minDurationSeconds, minCost, null, null, null);
    }

    public CdrFilter {
        caller = blankToNull(caller);
        calleePrefix = blankToNull(calleePrefix);
        disposition = blankToNull(disposition);
        extension = blankToNull(extension);
        trunk = blankToNull(trunk);
        Objects.requireNonNull(minCost, "minCost");
        if (minDurationSeconds < 0) {
            throw new IllegalArgumentException("minDurationSeconds must not be negative");
        }
        if (minCost.micros() < 0) {
            throw new IllegalArgumentException("minCost must not be negative");
        }
    }

    public boolean matches(RatedCdr cdr) {
        return (caller == null || caller.equals(cdr.caller()))
                && (calleePrefix == null || (cdr.callee() != null && cdr.callee().startsWith(calleePrefix)))
                && (disposition == null || disposition.equals(cdr.disposition()))
                && cdr.durationSeconds() >= minDurationSeconds
                && cdr.cost().micros() >= minCost.micros()
                && (extension == null || extension.equals(cdr.extension()))
                && (callType == null || callType == cdr.callType())
                && (trunk == null || trunk.equals(cdr.trunk()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
