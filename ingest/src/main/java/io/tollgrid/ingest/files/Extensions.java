package io.tollgrid.ingest.files;

import io.tollgrid.history.RatedCdr;

/**
 * Which extension of a PBX a file's call belongs to, and which way it went, as PBX call accounting decides it: an
 * extension is a short number. A caller of at most {@code digits} digits (as the switch wrote it, before any dial
 * rule) made the call from that extension (outbound); otherwise a callee that short took it (inbound); otherwise the
 * call is a trunk's transit and has no extension. An internal call (both short) is the caller's. docs/cdr-files.md,
 * "Extensions".
 */
final class Extensions {
    /** Extensions of most PBXs: up to six digits (a 7-digit number is a local subscriber number in many countries). */
    static final int DEFAULT_DIGITS = 6;
    /** The longest extension a source may declare; past this, numbers are subscriber numbers, not extensions. */
    static final int MAX_DIGITS = 8;

    private Extensions() {
    }

    /** The CDR with its extension and direction, when the source has extensions and one of the numbers is one. */
    static RatedCdr classify(RatedCdr cdr, String dialledCallee, int digits) {
        if (isExtension(cdr.caller(), digits)) {
            return cdr.classified(cdr.caller(), RatedCdr.Direction.OUTBOUND, cdr.callType());
        }
        if (isExtension(dialledCallee, digits)) {
            return cdr.classified(dialledCallee, RatedCdr.Direction.INBOUND, cdr.callType());
        }
        return cdr;
    }

    /**
     * The PBX trunk a classified call used: the one it went out on when an extension made it, else the one it came in
     * on (inbound, or a trunk's transit); none when that is an extension's own phone (an internal call), judged by the
     * same rule as the numbers. docs/cdr-files.md, "Trunks".
     */
    static String trunk(RatedCdr classified, String cameInOn, String wentOutOn, int digits) {
        String trunk = classified.direction() == RatedCdr.Direction.OUTBOUND ? wentOutOn : cameInOn;
        return trunk == null || isExtension(trunk, digits) ? null : trunk;
    }

    static boolean isExtension(String number, int digits) {
        if (number == null || number.isEmpty() || number.length() > digits) {
            return false;
        }
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
