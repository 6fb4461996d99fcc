package io.tollgrid.rating.prefix;

import java.util.Arrays;

/**
 * Longest-prefix match over a fixed set of digit prefixes without allocating: the packed prefixes are
 * sorted, a table on the first digits narrows the binary search to a few entries, and each entry knows
 * its longest proper prefix in the set. If p is the greatest prefix not after the number, every prefix
 * of the number in the set is also a prefix of p, so walking p's ancestors finds the answer.
 * Positions returned are indexes into the sorted order ({@link #keyAt}). Each prefix may carry an int
 * value ({@link #withValues}), kept beside its key so reading it with the match ({@link #matchOf}) costs
 * no further miss.
 */
public final class PrefixIndex {
    private static final int MAX_BUCKET_DIGITS = 6;
    public static final int NO_VALUE = -1;
    /** What {@link #matchOf} answers when no prefix matches: no position, no value. */
    public static final long NO_MATCH = match(NO_VALUE, -1);

    /**
     * Two longs per position: the packed key with the sign bit flipped (so signed comparison is unsigned
     * order), then its value (high half) and its parent's position (low half). Side by side, a key, its
     * parent link and its value share a cache line, which a 1M-prefix index (far larger than L2) otherwise
     * pays a miss for on every step of the parent walk and again for the value.
     */
    private final long[] entries;
    private final int size;
    private final int bucketDigits;
    /** bucketStart[b] is the first position whose first bucketDigits digits are at least b. */
    private final int[] bucketStart;

    private PrefixIndex(long[] entries, int bucketDigits, int[] bucketStart) {
        this.size = entries.length / 2;
        this.entries = entries;
        this.bucketDigits = bucketDigits;
        this.bucketStart = bucketStart;
    }

    private static long link(int value, int parent) {
        return (long) value << 32 | (parent & 0xFFFF_FFFFL);
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
        long[] keys = new long[packedPrefixes.length];
        for (int i = 0; i < keys.length; i++) {
            if (packedPrefixes[i] == Digits.EMPTY) {
                throw new IllegalArgumentException("empty prefix");
            }
            keys[i] = packedPrefixes[i] ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] == keys[i - 1]) {
                throw new IllegalArgumentException("duplicate prefix " + Digits.unpack(keys[i] ^ Long.MIN_VALUE));
            }
        }
        int[] parent = new int[keys.length];
        int[] stack = new int[Digits.MAX_DIGITS + 1];
        int depth = 0;
        for (int i = 0; i < keys.length; i++) {
            long key = keys[i] ^ Long.MIN_VALUE;
            while (depth > 0 && !Digits.isPrefixOf(keys[stack[depth - 1]] ^ Long.MIN_VALUE, key)) {
                depth--;
            }
            parent[i] = depth == 0 ? -1 : stack[depth - 1];
            stack[depth++] = i;
        }
        int bucketDigits = 1;
        while (bucketDigits < MAX_BUCKET_DIGITS && Math.pow(10, bucketDigits + 1) <= keys.length) {
            bucketDigits++;
        }
        int buckets = (int) Math.pow(10, bucketDigits);
        int[] bucketStart = new int[buckets + 1];
        int position = 0;
        for (int b = 0; b <= buckets; b++) {
            while (position < keys.length && bucketOf(keys[position] ^ Long.MIN_VALUE, bucketDigits) < b) {
                position++;
            }
            bucketStart[b] = position;
        }
        long[] entries = new long[2 * keys.length];
        for (int i = 0; i < keys.length; i++) {
            entries[2 * i] = keys[i];
            entries[2 * i + 1] = link(NO_VALUE, parent[i]);
        }
        return new PrefixIndex(entries, bucketDigits, bucketStart);
    }

    /** The same prefixes, the one at each position carrying valueAt[position]; this index is unchanged. */
    public PrefixIndex withValues(int[] valueAt) {
        if (valueAt.length != size) {
            throw new IllegalArgumentException(valueAt.length + " values for " + size + " prefixes");
        }
        long[] copy = new long[entries.length];
        for (int i = 0; i < size; i++) {
            copy[2 * i] = entries[2 * i];
            copy[2 * i + 1] = link(valueAt[i], parentOf(i));
        }
        return new PrefixIndex(copy, bucketDigits, bucketStart);
    }

    /**
     * The first digits as a number, a short string padded with zeros: "9" falls in bucket 900000 and
     * sorts before every longer key there, so each bucket is one contiguous run of the sorted keys.
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
        return size;
    }

    public long keyAt(int position) {
        return entries[2 * position] ^ Long.MIN_VALUE;
    }

    /** The longest proper prefix of the entry at position that is itself in the set, or -1. */
    public int parentOf(int position) {
        return (int) entries[2 * position + 1];
    }

    /** Position of the longest prefix of number in the set, or -1. Allocates nothing. */
    public int longestPrefixOf(long number) {
        if (number == Digits.EMPTY || size == 0) {
            return -1;
        }
        int bucket = bucketOf(number, bucketDigits);
        return positionIn(bucketStart[bucket], bucketStart[bucket + 1], number);
    }

    /**
     * The longest prefix of number in the set and the value it carries, read together
     * ({@link #matchedPosition}, {@link #matchedValue}); {@link #NO_MATCH} when none. Allocates nothing.
     */
    public long matchOf(long number) {
        return matchAt(longestPrefixOf(number));
    }

    /**
     * {@link #matchOf} of numbers[0..count) into matches, in stages over all the numbers: first every
     * bucket read, then a read of every search window, then the searches themselves. Each stage's reads
     * are independent of each other, so they overlap instead of waiting one after the other, and the
     * searches find their entries in cache. Returns a value of the touched entries, which the caller must
     * keep so that the JIT cannot drop the touching reads as dead.
     */
    public long matchAll(long[] numbers, long[] matches, int count) {
        if (size == 0) {
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
            touched ^= entries[2 * first] ^ entries[2 * last];
        }
        for (int i = 0; i < count; i++) {
            matches[i] = numbers[i] == Digits.EMPTY ? NO_MATCH
                    : matchAt(positionIn((int) (matches[i] >>> 32), (int) matches[i], numbers[i]));
        }
        return touched;
    }

    private long matchAt(int position) {
        return position < 0 ? NO_MATCH : match((int) (entries[2 * position + 1] >> 32), position);
    }

    /**
     * The greatest position in [low, high) whose key is not after the number (else low - 1), then up its
     * parents to the first that is a prefix of the number; -1 when none is.
     */
    private int positionIn(int low, int high, long number) {
        long flipped = number ^ Long.MIN_VALUE;
        int lo = low;
        int hi = high - 1;
        int candidate = low - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entries[2 * mid] <= flipped) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (candidate >= 0 && !Digits.isPrefixOf(entries[2 * candidate] ^ Long.MIN_VALUE, number)) {
            candidate = (int) entries[2 * candidate + 1];
        }
        return candidate;
    }

    /** Position of exactly this prefix, or -1. */
    public int positionOf(long prefix) {
        long flipped = prefix ^ Long.MIN_VALUE;
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = entries[2 * mid];
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
