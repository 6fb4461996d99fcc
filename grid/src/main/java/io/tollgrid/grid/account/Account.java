package io.tollgrid.grid.account;

import java.util.Objects;

/**
 * One billing account. Immutable: every change makes a new value inside a transaction.
 * The balance is posted money; {@code reservedMicros} is the sum of pending reservations of calls in
 * progress. What a new call may spend is balance + credit limit - reserved, further bounded by the daily cap.
 * The account also carries its live counters (calls in progress, calls this second, spend today), so that
 * one locked entry decides an authorisation.
 */
public final class Account {
    private final String tenantId;
    private final String accountId;
    private final String currency;
    private final String ratePlanId;
    private final AccountStatus status;
    private final PayType payType;
    private final ReservationStrategy strategy;
    private final AccountLimits limits;
    private final long balanceMicros;
    private final long creditLimitMicros;
    private final long reservedMicros;
    private final long lowBalanceMicros;
    private final boolean lowBalanceAlerted;
    private final int activeInbound;
    private final int activeOutbound;
    private final long cpsSecond;
    private final int cpsCount;
    private final long spendDay;
    private final long spentTodayMicros;
    /** Null in accounts stored before the policy existed: they get {@link LostStopPolicy#DEFAULT}. */
    private final LostStopPolicy lostStopPolicy;

    public Account(String tenantId, String accountId, String currency, String ratePlanId, AccountStatus status,
                   PayType payType, ReservationStrategy strategy, AccountLimits limits, long balanceMicros,
                   long creditLimitMicros, long reservedMicros, long lowBalanceMicros, boolean lowBalanceAlerted,
                   int activeInbound, int activeOutbound, long cpsSecond, int cpsCount, long spendDay,
                   long spentTodayMicros) {
        this(tenantId, accountId, currency, ratePlanId, status, payType, strategy, limits, balanceMicros, creditLimitMicros,
                reservedMicros, lowBalanceMicros, lowBalanceAlerted, activeInbound, activeOutbound, cpsSecond, cpsCount,
                spendDay, spentTodayMicros, LostStopPolicy.DEFAULT);
    }

    public Account(String tenantId, String accountId, String currency, String ratePlanId, AccountStatus status,
                   PayType payType, ReservationStrategy strategy, AccountLimits limits, long balanceMicros,
                   long creditLimitMicros, long reservedMicros, long lowBalanceMicros, boolean lowBalanceAlerted,
                   int activeInbound, int activeOutbound, long cpsSecond, int cpsCount, long spendDay,
                   long spentTodayMicros, LostStopPolicy lostStopPolicy) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.ratePlanId = Objects.requireNonNull(ratePlanId, "ratePlanId");
        this.status = Objects.requireNonNull(status, "status");
        this.payType = Objects.requireNonNull(payType, "payType");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (creditLimitMicros < 0 || lowBalanceMicros < 0) {
            throw new IllegalArgumentException("credit limit and low-balance threshold must not be negative");
        }
        if (reservedMicros < 0 || activeInbound < 0 || activeOutbound < 0) {
            throw new IllegalStateException("a counter went negative on " + accountId);
        }
        this.balanceMicros = balanceMicros;
        this.creditLimitMicros = creditLimitMicros;
        this.reservedMicros = reservedMicros;
        this.lowBalanceMicros = lowBalanceMicros;
        this.lowBalanceAlerted = lowBalanceAlerted;
        this.activeInbound = activeInbound;
        this.activeOutbound = activeOutbound;
        this.cpsSecond = cpsSecond;
        this.cpsCount = cpsCount;
        this.spendDay = spendDay;
        this.spentTodayMicros = spentTodayMicros;
        this.lostStopPolicy = Objects.requireNonNull(lostStopPolicy, "lostStopPolicy");
    }

    /** A new, active account with no calls and no spend. */
    public static Account open(String tenantId, String accountId, String currency, String ratePlanId, PayType payType,
                               ReservationStrategy strategy, AccountLimits limits, long balanceMicros,
                               long creditLimitMicros, long lowBalanceMicros) {
        return new Account(tenantId, accountId, currency, ratePlanId, AccountStatus.ACTIVE, payType, strategy, limits,
                balanceMicros, creditLimitMicros, 0, lowBalanceMicros, false, 0, 0, 0, 0, 0, 0);
    }

    public String tenantId() { return tenantId; }
    public String accountId() { return accountId; }
    public String currency() { return currency; }
    public String ratePlanId() { return ratePlanId; }
    public AccountStatus status() { return status; }
    public PayType payType() { return payType; }
    public ReservationStrategy strategy() { return strategy; }
    public AccountLimits limits() { return limits; }
    public long balanceMicros() { return balanceMicros; }
    public long creditLimitMicros() { return creditLimitMicros; }
    public long reservedMicros() { return reservedMicros; }
    public long lowBalanceMicros() { return lowBalanceMicros; }
    public boolean lowBalanceAlerted() { return lowBalanceAlerted; }
    public int activeInbound() { return activeInbound; }
    public int activeOutbound() { return activeOutbound; }
    public int activeCalls() { return activeInbound + activeOutbound; }
    public LostStopPolicy lostStopPolicy() { return lostStopPolicy == null ? LostStopPolicy.DEFAULT : lostStopPolicy; }

    public Account withLostStopPolicy(LostStopPolicy policy) {
        return new Account(tenantId, accountId, currency, ratePlanId, status, payType, strategy, limits, balanceMicros,
                creditLimitMicros, reservedMicros, lowBalanceMicros, lowBalanceAlerted, activeInbound, activeOutbound,
                cpsSecond, cpsCount, spendDay, spentTodayMicros, policy);
    }

    /** What a new call may still reserve, before the daily cap. */
    public long availableMicros() {
        return balanceMicros + creditLimitMicros - reservedMicros;
    }

    /** What the daily cap still allows on the given UTC day (Long.MAX_VALUE without a cap). */
    public long dailyCapRemainingMicros(long epochDay) {
        if (limits.dailyCapMicros() == 0) {
            return Long.MAX_VALUE;
        }
        long spent = epochDay == spendDay ? spentTodayMicros : 0;
        return Math.max(0, limits.dailyCapMicros() - spent - reservedMicros);
    }

    /** Calls started in the given epoch second so far. */
    public int callsInSecond(long epochSecond) {
        return epochSecond == cpsSecond ? cpsCount : 0;
    }

    public Account withRatePlan(String planId) {
        return new Account(tenantId, accountId, currency, planId, status, payType, strategy, limits, balanceMicros,
                creditLimitMicros, reservedMicros, lowBalanceMicros, lowBalanceAlerted, activeInbound, activeOutbound,
                cpsSecond, cpsCount, spendDay, spentTodayMicros, lostStopPolicy());
    }

    public Account withStatus(AccountStatus newStatus) {
        return new Account(tenantId, accountId, currency, ratePlanId, newStatus, payType, strategy, limits, balanceMicros,
                creditLimitMicros, reservedMicros, lowBalanceMicros, lowBalanceAlerted, activeInbound, activeOutbound,
                cpsSecond, cpsCount, spendDay, spentTodayMicros, lostStopPolicy());
    }

    /** A new call: its reservation, its concurrency slot (unless it is exempt) and its CPS count. */
    public Account callStarted(long reserve, Direction direction, boolean exempt, long epochSecond) {
        int in = activeInbound + (!exempt && direction == Direction.INBOUND ? 1 : 0);
        int out = activeOutbound + (!exempt && direction == Direction.OUTBOUND ? 1 : 0);
        int cps = exempt ? callsInSecond(epochSecond) : callsInSecond(epochSecond) + 1;
        return requireReservationCovered(reserve, new Account(tenantId, accountId, currency, ratePlanId, status, payType,
                strategy, limits, balanceMicros, creditLimitMicros, reservedMicros + reserve, lowBalanceMicros,
                lowBalanceAlerted, in, out, epochSecond, cps, spendDay, spentTodayMicros, lostStopPolicy()));
    }

    /** More reservation for a call already in progress (INCREMENTAL interim). */
    public Account reserveMore(long micros) {
        if (micros < 0) {
            throw new IllegalStateException("a call's reservation only grows until it ends, not by " + micros);
        }
        return requireReservationCovered(micros, new Account(tenantId, accountId, currency, ratePlanId, status, payType,
                strategy, limits, balanceMicros, creditLimitMicros, reservedMicros + micros, lowBalanceMicros,
                lowBalanceAlerted, activeInbound, activeOutbound, cpsSecond, cpsCount, spendDay, spentTodayMicros,
                lostStopPolicy()));
    }

    /** Ledger invariant: money is reserved only while balance + credit limit covers every reservation. */
    private static Account requireReservationCovered(long reserved, Account after) {
        if (reserved > 0 && after.availableMicros() < 0) {
            throw new IllegalStateException("reserving " + reserved + " on " + after.accountId
                    + " would take it below its credit limit: available " + after.availableMicros());
        }
        return after;
    }

    /**
     * A call ends: its reservation is released, its cost posted (zero when voided) and counted in today's
     * spend, and its slot freed.
     */
    public Account callEnded(long reservedByCall, long costMicros, Direction direction, boolean exempt, long epochDay) {
        int in = activeInbound - (!exempt && direction == Direction.INBOUND ? 1 : 0);
        int out = activeOutbound - (!exempt && direction == Direction.OUTBOUND ? 1 : 0);
        long spent = (epochDay == spendDay ? spentTodayMicros : 0) + costMicros;
        if (costMicros < 0 || reservedByCall < 0) {
            throw new IllegalStateException("a call ends with a cost and a release, never negative: " + costMicros
                    + ", " + reservedByCall);
        }
        Account after = withBalance(balanceMicros - costMicros, reservedMicros - reservedByCall, in, out, epochDay, spent);
        // Ledger invariant: a charge never takes the account below its credit limit (nor further below, if a
        // lowered limit already put it there); what a call overran beyond that is the switch's loss.
        if (after.availableMicros() < Math.min(0, availableMicros() + reservedByCall)) {
            throw new IllegalStateException("charging " + costMicros + " to " + accountId
                    + " would take it below its credit limit: available " + after.availableMicros());
        }
        return after;
    }

    /**
     * A call charged an estimate (its stop never came, {@link LostStopPolicy#CHARGE_ELAPSED}) is charged its real cost
     * once its late stop arrives: the difference moves the balance and today's spend; slots and reservations were
     * released when the estimate was charged.
     */
    public Account callCorrected(long estimatedMicros, long actualMicros, long epochDay) {
        if (estimatedMicros < 0 || actualMicros < 0) {
            throw new IllegalStateException("a correction replaces a cost with a cost, never negative: " + estimatedMicros
                    + " by " + actualMicros);
        }
        long spent = Math.max(0, (epochDay == spendDay ? spentTodayMicros : 0) + actualMicros - estimatedMicros);
        Account after = withBalance(balanceMicros + estimatedMicros - actualMicros, reservedMicros, activeInbound,
                activeOutbound, epochDay, spent);
        if (actualMicros > estimatedMicros && after.availableMicros() < Math.min(0, availableMicros())) {
            throw new IllegalStateException("correcting a call on " + accountId + " by " + (actualMicros - estimatedMicros)
                    + " would take it below its credit limit: available " + after.availableMicros());
        }
        return after;
    }

    /**
     * The paying half of a transfer to another account: the balance only. Ledger invariant: it never takes the
     * payer below what its credit limit covers, reservations of calls in progress included.
     */
    public Account transferredOut(long micros) {
        if (micros <= 0) {
            throw new IllegalStateException("a transfer out moves a positive amount, not " + micros);
        }
        Account after = credited(-micros);
        if (after.availableMicros() < 0) {
            throw new IllegalStateException("transferring " + micros + " out of " + accountId
                    + " would take it below its credit limit: available " + after.availableMicros());
        }
        return after;
    }

    /**
     * A call imported from a switch's CDR is posted (ingest, {@code post=true}): its cost leaves the balance and is
     * counted in the spend of the UTC day it ended, when that is the day the account counts now or a later one (an
     * older day's spend limits no authorisation any more, and the account keeps only one day's). The call already
     * happened, so nothing here refuses it: it may take the account past its credit limit or its daily cap, which
     * the caller flags (CHARGE_AND_FLAG, docs/cdr-files.md). Slots and reservations are untouched.
     */
    public Account importedCallPosted(long costMicros, long epochDay) {
        if (costMicros <= 0) {
            throw new IllegalStateException("an imported call posts a positive cost, not " + costMicros);
        }
        long day = Math.max(epochDay, spendDay);
        long spent = epochDay < spendDay ? spentTodayMicros
                : (epochDay == spendDay ? spentTodayMicros : 0) + costMicros;
        return withBalance(balanceMicros - costMicros, reservedMicros, activeInbound, activeOutbound, day, spent);
    }

    /**
     * A charged call is re-rated after a price change: the balance moves by the difference between what it cost and
     * what it costs now, either way. The call already happened, so nothing here refuses a rise (the caller flags one
     * past the credit limit); today's spend is not touched, since re-rating corrects past periods. Slots and
     * reservations are untouched.
     */
    public Account callRerated(long previousCostMicros, long newCostMicros) {
        if (previousCostMicros < 0 || newCostMicros < 0 || previousCostMicros == newCostMicros) {
            throw new IllegalStateException("a re-rating replaces a cost with another, never negative: "
                    + previousCostMicros + " by " + newCostMicros);
        }
        return credited(Math.subtractExact(previousCostMicros, newCostMicros));
    }

    /** The spend counted on the given UTC day: 0 unless it is the day the account counts now. */
    public long spentOnMicros(long epochDay) {
        return epochDay == spendDay ? spentTodayMicros : 0;
    }

    /** A transfer (top-up, refund, adjustment) moves the balance only. */
    public Account credited(long micros) {
        return withBalance(balanceMicros + micros, reservedMicros, activeInbound, activeOutbound, spendDay, spentTodayMicros);
    }

    private Account withBalance(long balance, long reserved, int in, int out, long day, long spent) {
        // The low-balance flag is set on the way down through the threshold and cleared on the way up, so
        // each crossing raises one alert.
        boolean below = isLow(balance, lowBalanceMicros);
        return new Account(tenantId, accountId, currency, ratePlanId, status, payType, strategy, limits, balance,
                creditLimitMicros, reserved, lowBalanceMicros, below, in, out, cpsSecond, cpsCount, day, spent, lostStopPolicy());
    }

    /**
     * The balance is under the account's low-balance threshold (none when the threshold is 0). Authorise tells the
     * switch so, for the top-up prompt, whatever the alert flag says: an account opened or edited below its
     * threshold has not crossed it, yet is low.
     */
    public boolean balanceLow() {
        return isLow(balanceMicros, lowBalanceMicros);
    }

    private static boolean isLow(long balance, long threshold) {
        return threshold > 0 && balance < threshold;
    }

    /** True when this change crossed the low-balance threshold downwards. */
    public boolean crossedLowBalanceFrom(Account before) {
        return lowBalanceAlerted && !before.lowBalanceAlerted;
    }
}
