package io.tollgrid.rating.routing;

/**
 * One SIP gateway of a carrier. The number sent to it is the normalised E.164 callee with
 * {@code stripPrefix} removed when it starts with it, then {@code addPrefix} put in front (a carrier's
 * tech prefix, or its national form).
 *
 * @param address     host or IP, optionally with ":port"
 * @param stripPrefix digits to remove from the front, or ""
 * @param addPrefix   digits and + # * to put in front (a tech prefix), or ""
 */
public record SipGateway(String address, Transport transport, String stripPrefix, String addPrefix)
        implements java.io.Serializable {
    /** Longest prefix a gateway may strip or add; numbers themselves are at most 16 digits. */
    public static final int MAX_PREFIX_LENGTH = 16;

    public SipGateway {
        if (address == null || !address.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("gateway address must be a host or IP with an optional :port: " + address);
        }
        if (transport == null) {
            throw new IllegalArgumentException("gateway transport is required");
        }
        if (stripPrefix == null || !stripPrefix.matches("[0-9]{0," + MAX_PREFIX_LENGTH + "}")) {
            throw new IllegalArgumentException("strip prefix must be up to " + MAX_PREFIX_LENGTH + " digits: " + stripPrefix);
        }
        if (addPrefix == null || !addPrefix.matches("[+#*0-9]{0," + MAX_PREFIX_LENGTH + "}")) {
            throw new IllegalArgumentException("add prefix must be up to " + MAX_PREFIX_LENGTH
                    + " of the digits and + # * (a tech prefix such as 9901#): " + addPrefix);
        }
    }

    /** The number this gateway is sent for an E.164 callee. */
    public String dialled(String e164) {
        String rest = e164.startsWith(stripPrefix) ? e164.substring(stripPrefix.length()) : e164;
        return addPrefix + rest;
    }

    /** The request URI for an E.164 callee, e.g. {@code sip:0044207@10.0.0.1:5060;transport=tcp}. */
    public String uri(String e164) {
        return "sip:" + dialled(e164) + "@" + address + ";transport=" + transport.uriParameter();
    }
}
