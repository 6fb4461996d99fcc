package io.tollgrid.ops.sip;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The switch tests' own arithmetic for their flat per-second rate plan, written from the rule in docs/rating.md
 * (cost = connectFee + UP(pricePerMinute x billedSeconds / 60), 1/1 increments) and not from the system's code,
 * so a charging bug cannot cancel itself out.
 */
record Tariff(String planId, long connectFeeMicros, long pricePerMinuteMicros) {
    Tariff {
        if (connectFeeMicros < 0 || pricePerMinuteMicros <= 0) {
            throw new IllegalArgumentException("bad tariff");
        }
    }

    /** The admin API body that creates this plan. */
    String adminJson() {
        return "{\"planId\":\"" + planId + "\",\"pricePerMinute\":\"" + format(pricePerMinuteMicros)
                + "\",\"connectFee\":\"" + format(connectFeeMicros)
                + "\",\"initialIncrementSeconds\":1,\"nextIncrementSeconds\":1}";
    }

    long costMicros(long answeredSeconds) {
        if (answeredSeconds < 1) {
            throw new IllegalArgumentException("the switch tests never expect a connected call shorter than 1 s");
        }
        return connectFeeMicros + ceilDiv(pricePerMinuteMicros * answeredSeconds, 60);
    }

    /** The longest call a balance pays for in full: what the dialog timer must cut the call at. */
    long maxAffordableSeconds(long balanceMicros) {
        long seconds = 0;
        while (costMicros(seconds + 1) <= balanceMicros) {
            seconds++;
        }
        return seconds;
    }

    static long micros(String decimal) {
        return new BigDecimal(decimal).movePointRight(6).longValueExact();
    }

    static String format(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        return String.format(Locale.ROOT, "%s%d.%06d", sign, abs / 1_000_000, abs % 1_000_000);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
