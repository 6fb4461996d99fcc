package io.tollgrid.history.rollup;

import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;

import java.util.Objects;

/**
 * What a group of calls adds up to. Money stays exact micros; sums overflow loudly, never wrap.
 *
 * @param calls              every call, answered or not
 * @param answered           calls answered (disposition ANSWERED)
 * @param durationSeconds    answered seconds as the switch reported them
 * @param billedSeconds      seconds after increments
 * @param cost               the calls' cost
 * @param maxDurationSeconds the longest call
 * @param maxCost            the dearest call
 * @param buyCost            what the calls that name a carrier with a buy cost cost that carrier
 * @param margin             their cost less their buy cost (calls without a buy cost add nothing to either)
 * @param nerCalls           calls whose outcome is known: answered, or ended with a Q.850 cause (not 0); NER's base
 * @param networkEffective   of those, the calls the network delivered: answered, or ended with a cause
 *                           {@link HangupCause#isNetworkEffective} counts (user busy, no answer, rejected, ...)
 * @param pddCalls           calls whose CDR has a post-dial delay
 * @param pddMillis          their post-dial delays added up, in ms
 */
public record Usage(long calls, long answered, long durationSeconds, long billedSeconds, Money cost,
                    long maxDurationSeconds, Money maxCost, Money buyCost, Money margin, long nerCalls,
                    long networkEffective, long pddCalls, long pddMillis) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, Money.ZERO, 0, Money.ZERO);

    /** Usage of calls that no carrier's buy plan priced. */
    public Usage(long calls, long answered, long durationSeconds, long billedSeconds, Money cost,
                 long maxDurationSeconds, Money maxCost) {
        this(calls, answered, durationSeconds, billedSeconds, cost, maxDurationSeconds, maxCost, Money.ZERO, Money.ZERO);
    }

    /** Usage without NER counts: rows rolled up before causes were counted. */
    public Usage(long calls, long answered, long durationSeconds, long billedSeconds, Money cost,
                 long maxDurationSeconds, Money maxCost, Money buyCost, Money margin) {
        this(calls, answered, durationSeconds, billedSeconds, cost, maxDurationSeconds, maxCost, buyCost, margin, 0, 0);
    }

    /** Usage without post-dial delays: rows rolled up before they were kept. */
    public Usage(long calls, long answered, long durationSeconds, long billedSeconds, Money cost,
                 long maxDurationSeconds, Money maxCost, Money buyCost, Money margin, long nerCalls, long networkEffective) {
        this(calls, answered, durationSeconds, billedSeconds, cost, maxDurationSeconds, maxCost, buyCost, margin,
                nerCalls, networkEffective, 0, 0);
    }

    public Usage {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(maxCost, "maxCost");
        Objects.requireNonNull(buyCost, "buyCost");
        Objects.requireNonNull(margin, "margin");
        if (calls < 0 || answered < 0 || answered > calls || durationSeconds < 0 || billedSeconds < 0
                || maxDurationSeconds < 0 || nerCalls < 0 || networkEffective < 0 || networkEffective > nerCalls
                || nerCalls > calls || pddCalls < 0 || pddCalls > calls || pddMillis < 0) {
            throw new IllegalArgumentException("not a usage: " + calls + " calls, " + answered + " answered");
        }
    }

    public static Usage of(RatedCdr cdr) {
        boolean answered = "ANSWERED".equals(cdr.disposition());
        boolean known = answered || cdr.cause() != HangupCause.UNKNOWN;
        boolean effective = answered || HangupCause.isNetworkEffective(cdr.cause());
        return new Usage(1, answered ? 1 : 0, cdr.durationSeconds(), cdr.billedSeconds(),
                cdr.cost(), cdr.durationSeconds(), cdr.cost(), cdr.buyCost() == null ? Money.ZERO : cdr.buyCost(),
                cdr.margin() == null ? Money.ZERO : cdr.margin(), known ? 1 : 0, effective ? 1 : 0,
                cdr.pddMs() == RatedCdr.NO_PDD ? 0 : 1, cdr.pddMs() == RatedCdr.NO_PDD ? 0 : cdr.pddMs());
    }

    /** ASR is rounded by this rule to tenths of a percent. */
    public static final Rounding ASR_ROUNDING = Rounding.HALF_UP;
    /** NER is rounded by this rule to tenths of a percent. */
    public static final Rounding NER_ROUNDING = Rounding.HALF_UP;
    /** The average PDD is rounded by this rule to whole milliseconds. */
    public static final Rounding PDD_ROUNDING = Rounding.HALF_UP;
    /** ACD is rounded by this rule to whole seconds. */
    public static final Rounding ACD_ROUNDING = Rounding.HALF_UP;

    /**
     * The answer-seizure ratio: calls answered as a percentage of all calls, in tenths of a percent
     * ({@link #ASR_ROUNDING}), e.g. "83.3"; null without a call.
     */
    public String asrPercent() {
        if (calls == 0) {
            return null;
        }
        return tenthsOfPercent(ASR_ROUNDING, answered, calls);
    }

    /**
     * The network effectiveness ratio (ITU-T E.425): of the calls whose outcome is known ({@link #nerCalls}), those
     * answered or ended by the called user's side rather than the network ({@link #networkEffective}), in tenths of a
     * percent ({@link #NER_ROUNDING}), e.g. "97.5"; null without such a call.
     */
    public String nerPercent() {
        if (nerCalls == 0) {
            return null;
        }
        return tenthsOfPercent(NER_ROUNDING, networkEffective, nerCalls);
    }

    /**
     * The average post-dial delay of the calls that have one, in whole ms ({@link #PDD_ROUNDING}); null without one.
     */
    public Long pddAverageMillis() {
        return pddCalls == 0 ? null : PDD_ROUNDING.divide(pddMillis, pddCalls);
    }

    private static String tenthsOfPercent(Rounding rounding, long part, long whole) {
        long tenths = rounding.divide(Math.multiplyExact(part, 1000L), whole);
        return tenths / 10 + "." + tenths % 10;
    }

    /** The average call duration: answered seconds per answered call ({@link #ACD_ROUNDING}); 0 without one. */
    public long acdSeconds() {
        return answered == 0 ? 0 : ACD_ROUNDING.divide(durationSeconds, answered);
    }

    public Usage plus(Usage other) {
        return new Usage(Math.addExact(calls, other.calls), Math.addExact(answered, other.answered),
                Math.addExact(durationSeconds, other.durationSeconds), Math.addExact(billedSeconds, other.billedSeconds),
                cost.plus(other.cost), Math.max(maxDurationSeconds, other.maxDurationSeconds),
                Money.max(maxCost, other.maxCost), buyCost.plus(other.buyCost), margin.plus(other.margin),
                Math.addExact(nerCalls, other.nerCalls), Math.addExact(networkEffective, other.networkEffective),
                Math.addExact(pddCalls, other.pddCalls), Math.addExact(pddMillis, other.pddMillis));
    }
}
