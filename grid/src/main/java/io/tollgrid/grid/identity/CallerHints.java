package io.tollgrid.grid.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * What a switch sent that can identify the payer. Any field may be null. {@link #candidateKeys()} lists
 * the identity keys to look up, most specific first: PIN, account code, SIP user, extension, source IP,
 * then the caller's number prefixes from the longest (wholesale trunks identified by prefix).
 */
public record CallerHints(String pin, String accountCode, String sipUser, String extension, String sourceIp,
                          String callerNumber) {
    /** Prefixes longer than this are not tried; E.164 numbers have at most 15 digits. */
    public static final int MAX_PREFIX_DIGITS = 15;

    public List<String> candidateKeys() {
        List<String> keys = new ArrayList<>();
        add(keys, IdentityKind.PIN, pin);
        add(keys, IdentityKind.ACCOUNT_CODE, accountCode);
        add(keys, IdentityKind.SIP_USER, sipUser);
        add(keys, IdentityKind.EXTENSION, extension);
        add(keys, IdentityKind.SOURCE_IP, sourceIp);
        if (callerNumber != null) {
            String digits = callerNumber.startsWith("+") ? callerNumber.substring(1) : callerNumber;
            if (digits.chars().allMatch(Character::isDigit)) {
                for (int length = Math.min(digits.length(), MAX_PREFIX_DIGITS); length >= 1; length--) {
                    keys.add(IdentityKind.PREFIX.key(digits.substring(0, length)));
                }
            }
        }
        return keys;
    }

    private static void add(List<String> keys, IdentityKind kind, String value) {
        if (value != null && !value.isBlank()) {
            keys.add(kind.key(value));
        }
    }
}
