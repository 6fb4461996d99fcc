package io.tollgrid.grid.voucher;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoucherCodesTest {
    @Test
    void dammCheckDigitMatchesThePublishedExample() {
        // Damm's worked example: from interim 0, digit 5 gives 9, then 7 gives 7, then 2 gives 4, so the check digit is 4 and 5724 is valid.
        assertEquals(4, VoucherCodes.checkDigit("572"));
        assertTrue(VoucherCodes.hasValidCheckDigit("5724"));
        assertFalse(VoucherCodes.hasValidCheckDigit("5723"));
    }

    @Test
    void everySingleDigitErrorAndAdjacentTranspositionIsDetected() {
        SecureRandom random = new SecureRandom();
        for (int n = 0; n < 2_000; n++) {
            char[] code = VoucherCodes.generate(random).toCharArray();
            assertTrue(VoucherCodes.hasValidCheckDigit(new String(code)));
            for (int i = 0; i < code.length; i++) {
                char original = code[i];
                for (char wrong = '0'; wrong <= '9'; wrong++) {
                    if (wrong != original) {
                        code[i] = wrong;
                        assertFalse(VoucherCodes.hasValidCheckDigit(new String(code)), "substitution at " + i);
                    }
                }
                code[i] = original;
            }
            for (int i = 0; i + 1 < code.length; i++) {
                if (code[i] != code[i + 1]) {
                    swap(code, i);
                    assertFalse(VoucherCodes.hasValidCheckDigit(new String(code)), "transposition at " + i);
                    swap(code, i);
                }
            }
        }
    }

    @Test
    void luhnsBlindSpotZeroNineIsCaughtToo() {
        // Luhn cannot tell 09 from 90; Damm can.
        String code = "09" + "1234567890123456";
        String withCheck = code + VoucherCodes.checkDigit(code);
        String swapped = "90" + withCheck.substring(2);
        assertFalse(VoucherCodes.hasValidCheckDigit(swapped));
    }

    @Test
    void codesAreNineteenDigitsAndDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = VoucherCodes.generate(random);
            assertEquals(VoucherCodes.LENGTH, code.length());
            assertTrue(code.chars().allMatch(Character::isDigit));
            assertTrue(seen.add(code));
        }
    }

    @Test
    void typedCodesLoseTheirGroupingButNothingElse() {
        assertEquals("1234567890123456789", VoucherCodes.normalise("1234 5678-9012 3456 789"));
        assertNull(VoucherCodes.normalise("123456789012345678"));
        assertNull(VoucherCodes.normalise("12345678901234567890"));
        assertNull(VoucherCodes.normalise("123456789O123456789"));
        assertNull(VoucherCodes.normalise(null));
    }

    private static void swap(char[] code, int i) {
        char c = code[i];
        code[i] = code[i + 1];
        code[i + 1] = c;
    }
}
