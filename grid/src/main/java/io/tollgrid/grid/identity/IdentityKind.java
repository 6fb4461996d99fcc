package io.tollgrid.grid.identity;

import java.util.Locale;

/** The ways a switch can name the payer, in the order they are tried. */
public enum IdentityKind {
    PIN, ACCOUNT_CODE, SIP_USER, EXTENSION, SOURCE_IP, PREFIX;

    /** The cache key of one identity, e.g. "sip_user:alice". */
    public String key(String value) {
        return name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
