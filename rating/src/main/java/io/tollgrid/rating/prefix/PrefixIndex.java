package io.tollgrid.rating.prefix;

import java.util.Arrays;

/**
 * Longest-prefix match over a fixed set of digit prefixes without allocating. The prefixes cut the number
 * line into disjoint ranges, inside each of which every number has the same longest prefix (or none); the
 * range starts are sorted, and a table on the first digits narrows the search to a few of them. A lookup
 * is one read in that table and one or two cache lines of ranges: the answer sits beside the range start,
 * so there is no walk up the parents (each step of which would be another miss on a deck far larger than
 * L2). Each prefix may carry an int value ({@link #withValues}), copied into its ranges for the same reason.
 *
 * <p>Positions are indexes into the sorted order of the prefixes ({@link #keyAt}).
 */
public final class PrefixIndex {
    private static final int MAX_BUCKET_DIGITS = 6;
    public static final int NO_VALUE = -1;
    /** What {@link #matchOf} answers when no prefix matches: no position, no value. */
    public static final long NO_MATCH = match(NO_VALUE, -1);

    /** The prefixes in unsigned order, and each one's longest proper prefix in the set (or -1). */
    private final long[] keys;
    private final int[] parents;
    /**
     * Two longs per range: its first number with the sign bit flipped (so signed comparison is unsigned
     * order), then {@link #match} of the longest prefix of its numbers. A range runs to the next one's start.
     */
    private final long[] ranges;
    private final int rangeCount;
    private final int bucketDigits;
    /** bucketStart[b] is the first range whose start's first bucketDigits digits are at least b. */
    private final int[] bucketStart;

    private PrefixIndex(long[] keys, int[] parents, long[] ranges, int bucketDigits, int[] bucketStart) {
        this.keys = keys;
        this.parents = parents;
        this.ranges = ranges;
        this.rangeCount = ranges.length / 2;
        this.bucketDigits = bucketDigits;
        this.bucketStart = bucketStart;
    }

    private static long match(int value, int position) {
        return (long) value << 32 | (position & 0xFFFF_FFFFL);
    }

    /** The position of a {@link #matchOf} answer: the longest prefix's index in sorted order, or -1. */
    public static int matchedPosition(long match) {
        return (int) match;
    }

    /** The value of a {@link #matchOf} answer: what the longest prefix carries, or {@link #NO_VALUE}. */
    public static int matchedValue(long match) {
        return (int) (match >> 32);
    }

    /** Builds the index from distinct packed prefixes (any order), every value -1; the array is not kept. */
    public static PrefixIndex of(long[] packedPrefixes) {
        long[] flipped = new long[packedPrefixes.length];
        for (int i = 0; i < flipped.length; i++) {
            if (packedPrefixes[i] == Digits.EMPTY) {
                throw new IllegalArgumentException("empty prefix");
            }
            flipped[i] = packedPrefixes[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(flipped);
        long[] keys = new long[flipped.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = flipped[i] ^ Long.MIN_VALUE;
            if (i > 0 && keys[i] == keys[i - 1]) {
                throw new IllegalArgumentException("duplicate prefix " + Digits.unpack(keys[i]));
            }
        }
        int[] parents = new int[keys.length];
        int[] stack = new int[Digits.MAX_DIGITS + 1];
        int depth = 0;
        for (int i = 0; i < keys.length; i++) {
            while (depth > 0 && !Digits.isPrefixOf(keys[stack[depth - 1]], keys[i])) {
                depth--;
            }
            parents[i] = depth == 0 ? -1 : stack[depth - 1];
            stack[depth++] = i;
        }
        int[] values = new int[keys.length];
        Arrays.fill(values, NO_VALUE);
        return withRanges(keys, parents, values);
    }

    /**
     * The same prefixes, the one at each position carrying valueAt[position] (read back through
     * {@link #matchOf}; the array is not kept); this index is unchanged.
     */
    public PrefixIndex withValues(int[] valueAt) {
        if (valueAt.length != keys.length) {
            throw new IllegalArgumentException(valueAt.length + " values for " + keys.length + " prefixes");
        }
        return withRanges(keys, parents, valueAt);
    }

    /**
     * Sweeps the sorted prefixes with the stack of those still open: a range begins at each prefix (its
     * own) and at the end of each prefix (back to the open one around it). A later range at the same start
     * replaces an earlier one, and a range with the same answer as the one before it is not a new range.
     */
    private static PrefixIndex withRanges(long[] keys, int[] parents, int[] values) {
        long[] starts = new long[2 * keys.length];
        int[] positions = new int[2 * keys.length];
        int count = 0;
        int[] open = new int[Digits.MAX_DIGITS + 1];
        int depth = 0;
        for (int i = 0; i <= keys.length; i++) {
            while (depth > 0 && (i == keys.length || Long.compareUnsigned(endOf(keys[open[depth - 1]]), keys[i]) <= 0)) {
                long end = endOf(keys[open[--depth]]);
                count = addRange(starts, positions, count, end, depth == 0 ? -1 : open[depth - 1]);
            }
            if (i < keys.length) {
                count = addRange(starts, positions, count, keys[i], i);
                open[depth++] = i;
            }
        }
        long[] ranges = new long[2 * count];
        for (int r = 0; r < count; r++) {
            ranges[2 * r] = starts[r] ^ Long.MIN_VALUE;
            int position = positions[r];
            ranges[2 * r + 1] = position < 0 ? NO_MATCH : match(values[position], position);
        }
        int bucketDigits = 1;
        while (bucketDigits < MAX_BUCKET_DIGITS && Math.pow(10, bucketDigits + 1) <= count) {
            bucketDigits++;
        }
        int buckets = (int) Math.pow(10, bucketDigits);
        int[] bucketStart = new int[buckets + 1];
        int range = 0;
        for (int b = 0; b <= buckets; b++) {
            while (range < count && bucketOf(starts[range], bucketDigits) < b) {
                range++;
            }
            bucketStart[b] = range;
        }
        return new PrefixIndex(keys, parents, ranges, bucketDigits, bucketStart);
    }

    private static int addRange(long[] starts, int[] positions, int count, long start, int position) {
        if (count > 0 && starts[count - 1] == start) {
            count--;
        }
        if (count > 0 ? positions[count - 1] == position : position < 0) {
            return count;
        }
        starts[count] = start;
        positions[count] = position;
        return count + 1;
    }

    /**
     * The first packed value after every number that has this prefix: its last digit's nibble plus one.
     * Digits are nibbles 1-10, so that is at most 11 and never carries into the digit before.
     */
    private static long endOf(long prefix) {
        return prefix + (1L << (64 - 4 * Digits.length(prefix)));
    }

    /**
     * The first digits as a number, a short string padded with zeros: "9" falls in bucket 900000 and
     * sorts before every longer key there, so each bucket is one contiguous run of the sorted starts. The
     * end of a prefix (a last nibble of 11) counts as the digit after 9, so it lands where the next
     * prefix in order would, and the order of the buckets stays the order of the starts.
     */
    private static int bucketOf(long key, int digits) {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int nibble = (int) ((key >>> (60 - 4 * i)) & 0xF);
            value = value * 10 + (nibble == 0 ? 0 : nibble - 1);
        }
        return value;
    }

    public int size() {
        return keys.length;
    }

    /** Number of ranges the prefixes cut the number line into; at most twice the prefixes. */
    public int rangeCount() {
        return rangeCount;
    }

    public long keyAt(int position) {
        return keys[position];
    }

    /** The longest proper prefix of the entry at position that is itself in the set, or -1. */
    public int parentOf(int position) {
        return parents[position];
    }

    /** Position of the longest prefix of number in the set, or -1. Allocates nothing. */
    public int longestPrefixOf(long number) {
        return matchedPosition(matchOf(number));
    }

    /**
     * The longest prefix of number in the set and the value it carries, read together
     * ({@link #matchedPosition}, {@link #matchedValue}); {@link #NO_MATCH} when none. Allocates nothing.
     */
    public long matchOf(long number) {
        if (number == Digits.EMPTY) {
            return NO_MATCH;
        }
        int bucket = bucketOf(number, bucketDigits);
        return matchIn(bucketStart[bucket], bucketStart[bucket + 1], number ^ Long.MIN_VALUE);
    }

    /** The greatest range in [low, high) starting at or before the number, else the last range before low. */
    private long matchIn(int low, int high, long flipped) {
        int lo = low;
        int hi = high - 1;
        int found = lo - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges[2 * mid] <= flipped) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? NO_MATCH : ranges[2 * found + 1];
    }

    /**
     * {@link #matchOf} of numbers[0..count) into matches, in stages over all the numbers: first every
     * bucket read, then a read of every search window, then the searches themselves. Each stage's reads
     * are independent of each other, so they overlap instead of waiting one after the other; the
     * searches then find their ranges in cache. Returns a value of the touched entries, which the caller
     * must keep so the touching reads are not dropped as dead.
     */
    public long matchAll(long[] numbers, long[] matches, int count) {
        if (rangeCount == 0) {
            Arrays.fill(matches, 0, count, NO_MATCH);
            return 0;
        }
        for (int i = 0; i < count; i++) {
            int bucket = bucketOf(numbers[i], bucketDigits);
            matches[i] = (long) bucketStart[bucket] << 32 | bucketStart[bucket + 1];
        }
        long touched = 0;
        for (int i = 0; i < count; i++) {
            long window = matches[i];
            int first = Math.max((int) (window >>> 32) - 1, 0);
            int last = Math.max((int) window - 1, first);
            touched ^= ranges[2 * first + 1] ^ ranges[2 * last];
        }
        for (int i = 0; i < count; i++) {
            matches[i] = numbers[i] == Digits.EMPTY ? NO_MATCH
                    : matchIn((int) (matches[i] >>> 32), (int) matches[i], numbers[i] ^ Long.MIN_VALUE);
        }
        return touched;
    }

    /** Position of exactly this prefix, or -1. */
    public int positionOf(long prefix) {
        long flipped = prefix ^ Long.MIN_VALUE;
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = keys[mid] ^ Long.MIN_VALUE;
            if (key < flipped) {
                lo = mid + 1;
            } else if (key > flipped) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
