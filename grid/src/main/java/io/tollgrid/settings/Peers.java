package io.tollgrid.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses of this host and its peers, as settings spell them: a bind address ({@code 10.0.0.1}), and lists
 * of peers ({@code 10.0.0.1:47500..47509,10.0.0.2,grid-1.grid.tollgrid.svc:47500}). Every error names the key.
 */
public final class Peers {
    /** An IPv4 literal or a DNS name; IPv6 is not supported (every process runs with preferIPv4Stack). */
    private static final Pattern HOST = Pattern.compile(
            "(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*)");
    private static final Pattern PEER = Pattern.compile("([^:\\s]+)(?::([0-9]{1,5})(?:\\.\\.([0-9]{1,5}))?)?");
    /** At most this many ports in one peer's range: discovery probes each of them on every start. */
    public static final int MAX_RANGE = 100;

    private Peers() {
    }

    /**
     * One peer: a host and the ports to try on it, {@code first..last} (equal for one port).
     *
     * @param host  IPv4 literal or DNS name
     * @param first first port
     * @param last  last port, at least first
     */
    public record Peer(String host, int first, int last) {
        public Peer {
            if (first < 1 || last > 65535 || last < first || last - first + 1 > MAX_RANGE) {
                throw new IllegalArgumentException("bad port range " + first + ".." + last);
            }
        }

        /** Ignite's spelling: {@code host:port} or {@code host:first..last}. */
        @Override
        public String toString() {
            return first == last ? host + ":" + first : host + ":" + first + ".." + last;
        }
    }

    /**
     * The address this process binds to and advertises to its peers. It must be one of this host's own addresses
     * that the peers can reach: a wildcard (0.0.0.0) would make the process advertise every interface it has.
     */
    public static String bindAddress(Settings settings, String key, String fallback) {
        return bindAddress(key, settings.string(key, fallback));
    }

    static String bindAddress(String key, String value) {
        String address = value.trim();
        if (!isHost(address)) {
            throw new SettingsException(key, "must be an IPv4 address or a host name, not '" + value + "'");
        }
        if (address.equals("0.0.0.0")) {
            throw new SettingsException(key, "must be this host's own address that its peers can reach, not the "
                    + "wildcard 0.0.0.0 (a node advertises the address it binds to)");
        }
        return address;
    }

    /**
     * A comma-separated list of peers. An entry without a port gets {@code defaultFirst..defaultLast}; with
     * {@code allowRanges} false an entry may name one port only.
     */
    public static List<Peer> list(String key, String value, int defaultFirst, int defaultLast, boolean allowRanges) {
        List<Peer> peers = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher matcher = PEER.matcher(entry);
            if (!matcher.matches() || !isHost(matcher.group(1))) {
                throw new SettingsException(key, "entry '" + entry + "' is not host, host:port"
                        + (allowRanges ? " or host:first..last" : ""));
            }
            String host = matcher.group(1).toLowerCase(Locale.ROOT);
            int first = defaultFirst;
            int last = defaultLast;
            if (matcher.group(2) != null) {
                first = port(key, entry, matcher.group(2));
                last = matcher.group(3) == null ? first : port(key, entry, matcher.group(3));
            }
            if (!allowRanges && matcher.group(3) != null) {
                throw new SettingsException(key, "entry '" + entry + "' names a port range; give one port per member");
            }
            if (last < first) {
                throw new SettingsException(key, "entry '" + entry + "' has its range backwards");
            }
            if (last - first + 1 > MAX_RANGE) {
                throw new SettingsException(key, "entry '" + entry + "' has more than " + MAX_RANGE + " ports");
            }
            peers.add(new Peer(host, first, last));
        }
        if (peers.isEmpty()) {
            throw new SettingsException(key, "must name at least one peer");
        }
        return List.copyOf(peers);
    }

    private static int port(String key, String entry, String digits) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new SettingsException(key, "entry '" + entry + "' has port " + port + ", outside 1..65535");
        }
        return port;
    }

    private static boolean isHost(String value) {
        if (!HOST.matcher(value).matches() || value.length() > 253) {
            return false;
        }
        if (value.matches("[0-9.]+")) {
            String[] octets = value.split("\\.");
            if (octets.length != 4) {
                return false;
            }
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
        }
        return true;
    }
}
