package io.tollgrid.rating.prefix;

/**
 * How numbers dialled from one source or trunk become E.164 digits. Applied in order: a leading '+'
 * means the number is already international; otherwise a PBX access code (e.g. the 9 or 0 a cascaded
 * PBX adds) is stripped once, then an international prefix ("00") is removed, or else a national
 * trunk prefix ("0") is replaced by the country code. Anything else is taken as already international.
 *
 * @param source              the source or trunk this rule applies to; "*" is the default rule
 * @param stripPrefix         access code to strip once, or "" for none
 * @param internationalPrefix e.g. "00", or "" for none
 * @param nationalPrefix      e.g. "0", or "" for none
 * @param countryCode         e.g. "359"; required when nationalPrefix is set
 */
public record DialRule(String source, String stripPrefix, String internationalPrefix, String nationalPrefix,
                       String countryCode) {
    public static final String DEFAULT_SOURCE = "*";
    /** Digits pass through unchanged, a leading '+' is dropped. */
    public static final DialRule E164 = new DialRule(DEFAULT_SOURCE, "", "", "", "");

    public DialRule {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be empty");
        }
        requireDigitsOrEmpty("strip prefix", stripPrefix);
        requireDigitsOrEmpty("international prefix", internationalPrefix);
        requireDigitsOrEmpty("national prefix", nationalPrefix);
        requireDigitsOrEmpty("country code", countryCode);
        if (!nationalPrefix.isEmpty() && countryCode.isEmpty()) {
            throw new IllegalArgumentException("a national prefix needs a country code");
        }
    }

    private static void requireDigitsOrEmpty(String what, String value) {
        if (value == null || (!value.isEmpty() && !Digits.isDigitString(value, 8))) {
            throw new IllegalArgumentException(what + " must be up to 8 digits or empty: " + value);
        }
    }

    /** The normalised number packed by {@link Digits}; EMPTY when it is not a digit string. Allocates nothing. */
    public long normalise(CharSequence dialled) {
        int at = 0;
        int length = dialled.length();
        if (length > 0 && dialled.charAt(0) == '+') {
            return Digits.pack("", dialled, 1);
        }
        if (startsWith(dialled, at, stripPrefix)) {
            at += stripPrefix.length();
        }
        if (startsWith(dialled, at, internationalPrefix)) {
            return Digits.pack("", dialled, at + internationalPrefix.length());
        }
        if (startsWith(dialled, at, nationalPrefix)) {
            return Digits.pack(countryCode, dialled, at + nationalPrefix.length());
        }
        return Digits.pack("", dialled, at);
    }

    private static boolean startsWith(CharSequence s, int at, String prefix) {
        int n = prefix.length();
        if (n == 0 || s.length() - at < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
