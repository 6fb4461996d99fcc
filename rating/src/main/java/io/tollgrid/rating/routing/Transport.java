package io.tollgrid.rating.routing;

import java.util.Locale;

/** The SIP transport of a carrier gateway, written into its URI's transport parameter. */
public enum Transport {
    UDP,
    TCP,
    TLS;

    String uriParameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
