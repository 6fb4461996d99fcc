package io.tollgrid.loadtests.http;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the simulated switches send. Durations are what the stop reports (and is charged for); the call is
 * held for {@code holdMillisPerCallSecond} of wall time per call second, so that calls overlap as they do
 * on a real trunk without a run lasting hours.
 *
 * @param accounts                ordinary accounts, each with a few calls at a time
 * @param hotAccounts             wholesale trunks: few accounts with many parallel calls
 * @param hotShare                share of calls on the hot accounts
 * @param brokeAccounts           accounts whose balance cannot pay the first increment
 * @param brokeShare              share of calls on them (answered INSUFFICIENT_CREDIT)
 * @param unansweredShare         share of allowed calls that are never answered (stop with 0 s, no start)
 * @param meanDurationSecs        mean of the exponential call duration (capped at one hour)
 * @param holdMillisPerCallSecond wall-clock hold per second of call duration
 * @param prefixes                destination prefixes of a real-sized deck; callees are drawn with a skew to the front
 */
public record CallMix(int accounts, int hotAccounts, double hotShare, int brokeAccounts, double brokeShare,
                      double unansweredShare, double meanDurationSecs, double holdMillisPerCallSecond,
                      List<String> prefixes) {
    public static final String TENANT = "loadgen";
    public static final String PLAN = "loadgen-flat";
    /** 100.00 EUR, in micros: a few calls' full reservations at a time. */
    public static final long ORDINARY_BALANCE_MICROS = 100_000_000L;
    /** 1,000,000.00 EUR: room for hundreds of parallel full reservations. */
    public static final long HOT_BALANCE_MICROS = 1_000_000_000_000L;
    /** 0.001 EUR: less than the connect fee. */
    public static final long BROKE_BALANCE_MICROS = 1_000L;
    /** The plan every system rates with: 0.020/min, 0.005 connect fee, 30/6 increments. */
    public static final long PRICE_PER_MINUTE_MICROS = 20_000L;
    public static final long CONNECT_FEE_MICROS = 5_000L;
    public static final int INITIAL_INCREMENT = 30;
    public static final int NEXT_INCREMENT = 6;

    public CallMix {
        if (accounts < 1 || hotAccounts < 0 || brokeAccounts < 0) {
            throw new IllegalArgumentException("account counts must be positive");
        }
        if (hotShare < 0 || brokeShare < 0 || hotShare + brokeShare > 1 || unansweredShare < 0 || unansweredShare > 1) {
            throw new IllegalArgumentException("shares must lie in [0, 1]");
        }
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("at least one destination prefix is needed");
        }
        prefixes = List.copyOf(prefixes);
    }

    /** One call the generator will place. */
    public record Call(String callId, String account, String callee, long durationSecs, boolean answered,
                       long holdMillis) {
    }

    public static String ordinary(int i) {
        return "lg-" + i;
    }

    public static String hot(int i) {
        return "lg-hot-" + i;
    }

    public static String broke(int i) {
        return "lg-broke-" + i;
    }

    public Call next(SplittableRandom random, String callId) {
        double pick = random.nextDouble();
        String account;
        if (pick < hotShare && hotAccounts > 0) {
            account = hot(random.nextInt(hotAccounts));
        } else if (pick < hotShare + brokeShare && brokeAccounts > 0) {
            account = broke(random.nextInt(brokeAccounts));
        } else {
            account = ordinary(random.nextInt(accounts));
        }
        // A cube of a uniform draw: the front of the deck (big destinations) gets most of the traffic.
        double u = random.nextDouble();
        String prefix = prefixes.get((int) (prefixes.size() * u * u * u));
        StringBuilder callee = new StringBuilder(16).append(prefix);
        while (callee.length() < 12) {
            callee.append((char) ('0' + random.nextInt(10)));
        }
        boolean answered = random.nextDouble() >= unansweredShare;
        long duration = answered ? Math.min(3600, 1 + (long) (-meanDurationSecs * Math.log(1 - random.nextDouble()))) : 0;
        return new Call(callId, account, callee.toString(), duration, answered,
                (long) (duration * holdMillisPerCallSecond));
    }
}
