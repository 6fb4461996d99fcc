package io.tollgrid.loadtests.rating;

import io.tollgrid.rating.deck.CallBatch;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RatePlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Rated calls per second on one thread: normalise the dialled number, longest-prefix lookup in a
 * 1M-prefix deck, pick the effective rate, then price the call (cost) or invert it (max duration).
 * Calls start at random times over a week, so band lookups and band crossings are included. The
 * {@code flat} variants rate the same calls through {@link RatePlan#costOf} and {@link RatePlan#maxDurationOf},
 * which answer the same as find and the Rate but never load the Rate object; {@code batched} rates the
 * same calls {@value #BATCH} at a time through {@link RatePlan#costsOf}, which overlaps their cache misses.
 *
 * <p>Destinations are drawn two ways: {@code uniform} over all prefixes (the worst case: almost every lookup
 * misses every cache level), and {@code zipf} with exponent 1 by prefix rank, the usual model of real traffic,
 * where the busiest thousand destinations carry about half the calls.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 2, jvmArgs = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class RatingBenchmark {
    private static final int CALLS = 1 << 16;
    private static final int BATCH = 16;

    @Param("1000000")
    int prefixes;

    @Param({"uniform", "zipf"})
    String traffic;

    private RatePlan plan;
    private String[] dialled;
    private long[] starts;
    private long[] durations;
    private long[] funds;
    private int next;
    private final CallBatch batch = new CallBatch(BATCH);

    @Setup(Level.Trial)
    public void buildDeck() {
        GeneratedDeck generated = new GeneratedDeck(prefixes, 42);
        RateDeck deck = generated.build();
        plan = deck.plan(GeneratedDeck.PLAN);
        Random random = new Random(7);
        java.util.function.ToIntFunction<Random> popularity = switch (traffic) {
            case "uniform" -> r -> r.nextInt(generated.prefixes.size());
            case "zipf" -> zipf(generated.prefixes.size());
            default -> throw new IllegalArgumentException("traffic must be uniform or zipf: " + traffic);
        };
        dialled = new String[CALLS];
        starts = new long[CALLS];
        durations = new long[CALLS];
        funds = new long[CALLS];
        long monday = Instant.parse("2025-03-24T00:00:00Z").getEpochSecond();
        for (int i = 0; i < CALLS; i++) {
            String prefix = generated.prefixes.get(popularity.applyAsInt(random));
            StringBuilder number = new StringBuilder("900").append(prefix);
            while (number.length() < 15) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            dialled[i] = number.toString();
            starts[i] = monday + random.nextInt(7 * 86_400);
            durations[i] = 1 + random.nextInt(600);
            funds[i] = random.nextInt(20_000_000);
        }
    }

    /** Rank r (0-based) drawn with probability proportional to 1 / (r + 1). */
    private static java.util.function.ToIntFunction<Random> zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / (r + 1);
            cumulative[r] = sum;
        }
        double total = sum;
        return random -> {
            int found = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return Math.min(n - 1, found >= 0 ? found : -found - 1);
        };
    }

    @Benchmark
    public long lookupAndCost() {
        int i = next++ & (CALLS - 1);
        Rate rate = plan.find(GeneratedDeck.SOURCE, dialled[i], starts[i]);
        return rate.cost(starts[i], durations[i]);
    }

    @Benchmark
    public long lookupAndMaxDuration() {
        int i = next++ & (CALLS - 1);
        Rate rate = plan.find(GeneratedDeck.SOURCE, dialled[i], starts[i]);
        return rate.maxDurationSeconds(starts[i], funds[i]);
    }

    /** The same call as {@link #lookupAndCost} through the plan's flat path, which skips the Rate object. */
    @Benchmark
    public long flatLookupAndCost() {
        int i = next++ & (CALLS - 1);
        return plan.costOf(GeneratedDeck.SOURCE, dialled[i], starts[i], durations[i]);
    }

    @Benchmark
    public long flatLookupAndMaxDuration() {
        int i = next++ & (CALLS - 1);
        return plan.maxDurationOf(GeneratedDeck.SOURCE, dialled[i], starts[i], funds[i]);
    }

    /** The same calls, {@value #BATCH} at a time through {@link RatePlan#costsOf}; the score counts calls. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batchedLookupAndCost() {
        batch.clear();
        int from = next;
        next += BATCH;
        for (int k = 0; k < BATCH; k++) {
            int i = (from + k) & (CALLS - 1);
            batch.add(GeneratedDeck.SOURCE, dialled[i], starts[i], durations[i]);
        }
        plan.costsOf(batch);
        long sum = 0;
        for (int k = 0; k < BATCH; k++) {
            sum += batch.costAt(k);
        }
        return sum;
    }

    @Benchmark
    public Rate lookupOnly() {
        int i = next++ & (CALLS - 1);
        return plan.find(GeneratedDeck.SOURCE, dialled[i], starts[i]);
    }
}
