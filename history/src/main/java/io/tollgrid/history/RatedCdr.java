package io.tollgrid.history;

import io.tollgrid.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One finished, rated call as history keeps it.
 *
 * @param startTime       when the call was set up (authorised); the clustering key within a day
 * @param answerTime      when it was answered, or null if it never was
 * @param endTime         when it ended
 * @param durationSeconds the answered (billable) duration the switch reported
 * @param billedSeconds   the duration after increments
 * @param disposition     ANSWERED, NO_ANSWER, ...
 * @param rateId          the rate (plan and entry) the call was priced with
 * @param source          where the CDR came from (gateway, asterisk-csv, ...)
 * @param raw             the original record exactly as received, kept for disputes and re-rating
 */
public record RatedCdr(String tenantId, String accountId, String callId, String caller, String callee,
                       Instant startTime, Instant answerTime, Instant endTime,
                       long durationSeconds, long billedSeconds, String disposition,
                       String rateId, Money cost, String currency, String source, String raw) implements java.io.Serializable {
    public RatedCdr {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(currency, "currency");
        if (durationSeconds < 0 || billedSeconds < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** The UTC day that partitions this CDR. */
    public LocalDate day() {
        return startTime.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
