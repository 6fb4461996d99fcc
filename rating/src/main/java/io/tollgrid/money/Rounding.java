package io.tollgrid.money;

/**
 * The named rules for turning an exact fraction of a micro-unit into whole micro-units. Every place
 * that divides money names one of these; there is no implicit rounding anywhere else.
 */
public enum Rounding {
    /** Toward positive infinity: the operator never undercharges by a fraction. The default for call costs. */
    UP,
    /** Toward zero: used where the customer must never be over-credited, e.g. refunds of fractions. */
    DOWN,
    /** Nearest, ties away from zero: the schoolbook rule many tariffs quote. */
    HALF_UP,
    /** Banker's rounding: ties go to the even neighbour, for amounts that are summed in bulk (taxes). */
    HALF_EVEN;

    /** Divides numerator by a positive denominator, rounding the quotient by this rule. */
    public long divide(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        long quotient = Math.floorDiv(numerator, denominator);
        long remainder = Math.floorMod(numerator, denominator);
        if (remainder == 0) {
            return quotient;
        }
        return switch (this) {
            case UP -> quotient + 1;
            case DOWN -> numerator < 0 ? quotient + 1 : quotient;
            case HALF_UP -> {
                long twice = 2 * remainder;
                boolean tieGoesUp = numerator >= 0;
                if (twice > denominator || (twice == denominator && tieGoesUp)) {
                    yield quotient + 1;
                }
                yield quotient;
            }
            case HALF_EVEN -> {
                long twice = 2 * remainder;
                if (twice > denominator || (twice == denominator && (quotient & 1) == 1)) {
                    yield quotient + 1;
                }
                yield quotient;
            }
        };
    }

    /** Rounds an amount of micros to a whole multiple of quantum (e.g. 10_000 for a two-decimal currency). */
    public long toQuantum(long micros, long quantum) {
        return Math.multiplyExact(divide(micros, quantum), quantum);
    }
}
