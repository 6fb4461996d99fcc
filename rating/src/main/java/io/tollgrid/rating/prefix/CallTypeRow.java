package io.tollgrid.rating.prefix;

import io.tollgrid.rating.CallType;

/** One configured prefix set member: numbers starting with prefix (after normalisation) are of this type; "*" is the default. */
public record CallTypeRow(String prefix, CallType callType) {
    public static final String DEFAULT_PREFIX = "*";

    public CallTypeRow {
        if (callType == null) {
            throw new IllegalArgumentException("call type is required");
        }
        if (prefix == null || !(prefix.equals(DEFAULT_PREFIX) || Digits.isDigitString(prefix, 15))) {
            throw new IllegalArgumentException("call type prefix must be 1-15 digits or *: " + prefix);
        }
    }
}
