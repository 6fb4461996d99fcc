package io.tollgrid.rating.prefix;

import java.util.Arrays;

/**
 * Longest-prefix match over a fixed set of digit prefixes without allocating: the packed prefixes are
 * sorted, a table on the first digits narrows the binary search to a few entries, and each entry knows
 * its longest proper prefix in the set. If p is the greatest prefix not after the number, every prefix
 * of the number in the set is also a prefix of p, so walking p's ancestors finds the answer.
 * Positions returned are indexes into the sorted order ({@link #keyAt}).
 */
public final class PrefixIndex {
    private static final int MAX_BUCKET_DIGITS = 6;

    /** Packed keys with the sign bit flipped, so signed comparison is unsigned order. */
    private final long[] sortedKeys;
    private final int[] parent;
    private final int bucketDigits;
    /** bucketStart[b] is the first position whose first bucketDigits digits are at least b. */
    private final int[] bucketStart;

    private PrefixIndex(long[] sortedKeys, int[] parent, int bucketDigits, int[] bucketStart) {
        this.sortedKeys = sortedKeys;
        this.parent = parent;
        this.bucketDigits = bucketDigits;
        this.bucketStart = bucketStart;
    }

    /** Builds the index from distinct packed prefixes (any order); the array is not kept. */
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
        return new PrefixIndex(keys, parent, bucketDigits, bucketStart);
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
        return sortedKeys.length;
    }

    public long keyAt(int position) {
        return sortedKeys[position] ^ Long.MIN_VALUE;
    }

    /** The longest proper prefix of the entry at position that is itself in the set, or -1. */
    public int parentOf(int position) {
        return parent[position];
    }

    /** Position of the longest prefix of number in the set, or -1. Allocates nothing. */
    public int longestPrefixOf(long number) {
        if (number == Digits.EMPTY || sortedKeys.length == 0) {
            return -1;
        }
        long flipped = number ^ Long.MIN_VALUE;
        int bucket = bucketOf(number, bucketDigits);
        int low = bucketStart[bucket];
        int high = bucketStart[bucket + 1];
        // Greatest position in [low, high) whose key is <= number; low - 1 when there is none.
        int lo = low;
        int hi = high - 1;
        int candidate = low - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedKeys[mid] <= flipped) {
                candidate = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (candidate >= 0 && !Digits.isPrefixOf(sortedKeys[candidate] ^ Long.MIN_VALUE, number)) {
            candidate = parent[candidate];
        }
        return candidate;
    }

    /** Position of exactly this prefix, or -1. */
    public int positionOf(long prefix) {
        int found = Arrays.binarySearch(sortedKeys, prefix ^ Long.MIN_VALUE);
        return found >= 0 ? found : -1;
    }
}
