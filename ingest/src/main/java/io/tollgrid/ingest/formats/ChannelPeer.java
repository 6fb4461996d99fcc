package io.tollgrid.ingest.formats;

import java.util.Locale;
import java.util.Set;

/**
 * The peer an Asterisk channel name belongs to: the trunk or device a call came in or went out on.
 * {@code PJSIP/telco-in-0000002a} and {@code SIP/telco-in-0000002a} are {@code telco-in}; {@code IAX2/branch-2-1234}
 * is {@code branch-2}; {@code DAHDI/i1/0888123456-1f} is {@code DAHDI/i1} (the span is the trunk). Channels that are no
 * line at all ({@code Local/...}, parked, bridged, recording) have none. docs/cdr-files.md, "Trunks".
 */
public final class ChannelPeer {
    /** Channel technologies inside the PBX: never a trunk or a phone. */
    private static final Set<String> INTERNAL = Set.of("local", "parked", "bridge", "message", "announcer", "recorder",
            "confbridge", "multicastrtp", "snoop", "websocket", "audiosocket", "unicastrtp");

    private ChannelPeer() {
    }

    /** The peer of the channel, or null for an empty channel, a channel inside the PBX or a name not in Asterisk's form. */
    public static String of(String channel) {
        if (channel == null) {
            return null;
        }
        String name = channel.strip();
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return null;
        }
        String technology = name.substring(0, slash);
        if (INTERNAL.contains(technology.toLowerCase(Locale.ROOT))) {
            return null;
        }
        String rest = name.substring(slash + 1);
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            rest = rest.substring(0, semicolon);
        }
        if (technology.equalsIgnoreCase("DAHDI")) {
            // DAHDI/i1/0888123456-1f: the span; DAHDI/3-1: channel 3 (an analogue line).
            int inner = rest.indexOf('/');
            String line = inner > 0 ? rest.substring(0, inner) : withoutSuffix(rest);
            return line.isEmpty() ? null : technology + "/" + line;
        }
        String peer = withoutSuffix(rest);
        return peer.isEmpty() ? null : peer;
    }

    /** "telco-in-0000002a" is "telco-in": Asterisk appends a dash and a hexadecimal sequence to each channel. */
    private static String withoutSuffix(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0) {
            return name;
        }
        for (int i = dash + 1; i < name.length(); i++) {
            if (Character.digit(name.charAt(i), 16) < 0) {
                return name;
            }
        }
        return dash == name.length() - 1 ? name : name.substring(0, dash);
    }
}
