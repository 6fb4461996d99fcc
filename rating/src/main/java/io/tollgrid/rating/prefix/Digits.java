package io.tollgrid.rating.prefix;

/**
 * A digit string of up to 16 digits packed into a long, one nibble per digit (digit + 1), left-aligned.
 * Unsigned order of packed values is the lexicographic order of the strings, a shorter string sorts
 * before its extensions, and the length is recoverable from the trailing zero nibbles. Zero means
 * "empty or not a digit string".
 */
public final class Digits {
    public static final int MAX_DIGITS = 16;
    public static final long EMPTY = 0L;

    private Digits() {
    }

    /** Packs head followed by tail[from..], stopping after 16 digits; EMPTY if any character is not a digit. */
    public static long pack(CharSequence head, CharSequence tail, int from) {
        long packed = 0;
        int count = 0;
        for (int i = 0, n = head.length(); i < n && count < MAX_DIGITS; i++, count++) {
            int digit = head.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return EMPTY;
            }
            packed |= (long) (digit + 1) << (60 - 4 * count);
        }
        for (int i = from, n = tail.length(); i < n; i++) {
            int digit = tail.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return EMPTY;
            }
            if (count < MAX_DIGITS) {
                packed |= (long) (digit + 1) << (60 - 4 * count);
                count++;
            }
        }
        return packed;
    }

    public static long pack(CharSequence digits) {
        return pack("", digits, 0);
    }

    public static int length(long packed) {
        return packed == 0 ? 0 : MAX_DIGITS - Long.numberOfTrailingZeros(packed) / 4;
    }

    /** True when prefix (packed) is a prefix of number (packed). */
    public static boolean isPrefixOf(long prefix, long number) {
        int length = length(prefix);
        if (length == 0) {
            return true;
        }
        long mask = length == MAX_DIGITS ? -1L : -1L << (64 - 4 * length);
        return (number & mask) == prefix;
    }

    public static String unpack(long packed) {
        int length = length(packed);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('0' + ((packed >>> (60 - 4 * i)) & 0xF) - 1);
        }
        return new String(chars);
    }

    public static boolean isDigitString(String s, int maxLength) {
        if (s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
