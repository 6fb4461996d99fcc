package io.tollgrid.grid.voucher;

import io.tollgrid.grid.tenancy.ApiKeys;

import java.security.SecureRandom;

/**
 * Voucher codes: {@value #RANDOM_DIGITS} digits from a {@link SecureRandom} and one Damm check digit. Digits only,
 * so a code can be keyed on a phone. Damm rather than Luhn: Damm catches every single-digit error and every
 * transposition of two adjacent digits, Luhn misses 09/90. The check digit only catches typing errors before
 * the grid is asked; the code's secrecy is its {@value #RANDOM_DIGITS} random digits (about 2^60).
 */
public final class VoucherCodes {
    public static final int RANDOM_DIGITS = 18;
    public static final int LENGTH = RANDOM_DIGITS + 1;

    /** The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal). */
    private static final int[][] DAMM = {
            {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
            {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
            {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
            {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
            {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
            {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
            {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
            {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
            {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
            {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

    private VoucherCodes() {
    }

    /** A new code: random digits, then their check digit. */
    public static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.append((char) ('0' + checkDigit(code))).toString();
    }

    /** The Damm check digit of a string of digits. */
    public static int checkDigit(CharSequence digits) {
        int interim = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit at " + i + ": " + c);
            }
            interim = DAMM[interim][c - '0'];
        }
        return interim;
    }

    /** True when the last digit is the check digit of the others (the whole runs through the table to 0). */
    public static boolean hasValidCheckDigit(String digits) {
        return digits.length() > 1 && checkDigit(digits) == 0;
    }

    /**
     * The code as typed, with spaces and dashes (print grouping) removed; null when what is left is not
     * {@value #LENGTH} digits.
     */
    public static String normalise(String typed) {
        if (typed == null || typed.length() > 2 * LENGTH) {
            return null;
        }
        StringBuilder digits = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-') {
                return null;
            }
        }
        return digits.length() == LENGTH ? digits.toString() : null;
    }

    /** What the grid stores in place of a code: its SHA-256, hex. */
    static String hash(String code) {
        return ApiKeys.digest(code);
    }
}
