package io.tollgrid.rating.deck;

import java.util.Arrays;

/**
 * Calls to be priced together by {@link RatePlan#costsOf}, and their costs. Rating calls in a batch lets
 * the memory reads of every call in it be in flight at once, where one call at a time waits for each of
 * its cache misses in turn. Owned by one thread and reused: adding and pricing allocate nothing.
 */
public final class CallBatch {
    private final String[] sources;
    private final CharSequence[] dialled;
    private final long[] starts;
    private final long[] durations;
    private final long[] costs;
    /** Working state of {@link RatePlan#costsOf}: normalised numbers, index matches, tariff rows. */
    final long[] numbers;
    final long[] matches;
    final int[] rows;
    /** What the touching reads of the last pricing loaded; kept so the JIT cannot drop those reads. */
    long touched;
    private int size;

    public CallBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.sources = new String[capacity];
        this.dialled = new CharSequence[capacity];
        this.starts = new long[capacity];
        this.durations = new long[capacity];
        this.costs = new long[capacity];
        this.numbers = new long[capacity];
        this.matches = new long[capacity];
        this.rows = new int[capacity];
    }

    /**
     * Adds a call and returns its place in the batch, where {@link #costAt} reads its cost after pricing.
     *
     * @throws IllegalArgumentException when the duration is negative (the batch is unchanged)
     * @throws IllegalStateException    when the batch is full
     */
    public int add(String source, CharSequence dialledNumber, long startEpochSecond, long durationSeconds) {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSeconds);
        }
        if (size == sources.length) {
            throw new IllegalStateException("batch is full: " + size + " calls");
        }
        sources[size] = source;
        dialled[size] = dialledNumber;
        starts[size] = startEpochSecond;
        durations[size] = durationSeconds;
        costs[size] = RatePlan.NOT_RATED;
        return size++;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return sources.length;
    }

    public boolean isFull() {
        return size == sources.length;
    }

    /** Empties the batch for reuse; it keeps no reference to the calls' strings. */
    public void clear() {
        Arrays.fill(sources, 0, size, null);
        Arrays.fill(dialled, 0, size, null);
        size = 0;
    }

    /** The cost in micros of the call at this place, as {@link RatePlan#costOf} answers it. */
    public long costAt(int call) {
        checkIndex(call);
        return costs[call];
    }

    String sourceAt(int call) {
        return sources[call];
    }

    CharSequence dialledAt(int call) {
        return dialled[call];
    }

    long startAt(int call) {
        return starts[call];
    }

    long durationAt(int call) {
        return durations[call];
    }

    void setCost(int call, long cost) {
        costs[call] = cost;
    }

    private void checkIndex(int call) {
        if (call < 0 || call >= size) {
            throw new IndexOutOfBoundsException("call " + call + " of " + size);
        }
    }
}
