package io.tollgrid.grid.charging;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountStatus;
import io.tollgrid.grid.account.Direction;
import io.tollgrid.grid.session.Session;
import io.tollgrid.rating.deck.Rate;

/**
 * The admission rules: whether a call may start on an account (status, pricing, concurrent calls, CPS), how
 * much money it may hold (funds within the daily cap), how long its first slice is, and when a silent call
 * is reaped. Pure functions of the values read under the account's lock; {@link CallReservations} and
 * {@link CallSettlement} apply them.
 */
final class Admission {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Admission() {
    }

    /** The UTC day a call's spend counts in, for the daily cap. */
    static long epochDay(long atMillis) {
        return Math.floorDiv(atMillis, MILLIS_PER_DAY);
    }

    /** Why the call may not start, or null when it may (funds are checked separately, by {@link #spendable}). */
    static DenyReason refusal(Account account, boolean priced, Rate deckRate, Direction direction, long epochSecond) {
        if (account.status() == AccountStatus.FROZEN) {
            return DenyReason.ACCOUNT_FROZEN;
        }
        if (account.status() == AccountStatus.CLOSED) {
            return DenyReason.ACCOUNT_CLOSED;
        }
        if (!priced) {
            return DenyReason.RATING_FAILED;
        }
        if (deckRate != null && !deckRate.isRated()) {
            return switch (deckRate.verdict()) {
                case DESTINATION_BLOCKED -> DenyReason.DESTINATION_BLOCKED;
                case RATING_FAILED, RATED -> DenyReason.RATING_FAILED;
            };
        }
        var limits = account.limits();
        int sameDirection = direction == Direction.INBOUND ? account.activeInbound() : account.activeOutbound();
        int directionLimit = direction == Direction.INBOUND ? limits.maxInbound() : limits.maxOutbound();
        if ((limits.maxCalls() > 0 && account.activeCalls() >= limits.maxCalls())
                || (directionLimit > 0 && sameDirection >= directionLimit)) {
            return DenyReason.CONCURRENT_LIMIT;
        }
        if (limits.callsPerSecond() > 0 && account.callsInSecond(epochSecond) >= limits.callsPerSecond()) {
            return DenyReason.CPS_LIMIT;
        }
        return null;
    }

    /** Money a call may hold: what is available plus what it already holds, within today's cap. */
    static long spendable(Account account, long heldByCall, long atMillis) {
        long capRemaining = account.dailyCapRemainingMicros(epochDay(atMillis));
        long cap = capRemaining == Long.MAX_VALUE ? Long.MAX_VALUE : capRemaining + heldByCall;
        return Math.max(0, Math.min(account.availableMicros() + heldByCall, cap));
    }

    /** The first grant of an INCREMENTAL call: one slice, rounded up to a billing increment, within what it can afford. */
    static long firstSlice(CallPricing pricing, int sliceSeconds, long affordable) {
        return Math.min(affordable, pricing.sliceEnd(sliceSeconds));
    }

    /** In progress, silent for the TTL, and past its grant by the TTL as well. */
    static boolean isSilent(Session session, long nowMillis, long ttlMillis) {
        return session.inProgress()
                && nowMillis > session.lastSeenMillis() + ttlMillis
                && nowMillis > session.grantedUntilMillis() + ttlMillis;
    }
}
