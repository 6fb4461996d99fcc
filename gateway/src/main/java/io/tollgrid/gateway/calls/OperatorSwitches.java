package io.tollgrid.gateway.calls;

import io.tollgrid.grid.identity.SwitchCredential;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's own switches, from the gateway's configuration rather than the grid: they may charge any
 * account, and they work before any tenant is provisioned.
 *
 * @param keys            switch keys (X-Switch-Key)
 * @param addresses       source addresses allowed without a key
 * @param failOpenSeconds what these switches get when the grid does not answer (0: a 503)
 */
public record OperatorSwitches(List<String> keys, Set<String> addresses, int failOpenSeconds) {
    /** Loopback only, no fail-open: what a single-host stack and the tests use. */
    public static final OperatorSwitches LOOPBACK = new OperatorSwitches(List.of(), Set.of("127.0.0.1", "::1"), 0);

    public OperatorSwitches {
        keys = List.copyOf(keys);
        addresses = Set.copyOf(addresses.stream().map(OperatorSwitches::canonical).toList());
        new SwitchCredential(null, failOpenSeconds, 0); // validates the range
    }

    /** What an operator switch may do: charge any account, with this fail-open policy. */
    public SwitchCredential credential() {
        return new SwitchCredential(null, failOpenSeconds, 0);
    }

    Optional<SwitchCredential> find(String switchKey, String sourceAddress) {
        SwitchCredential operator = credential();
        if (switchKey != null) {
            byte[] given = switchKey.getBytes(StandardCharsets.UTF_8);
            for (String key : keys) {
                if (MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8))) {
                    return Optional.of(operator);
                }
            }
            return Optional.empty();
        }
        return sourceAddress != null && addresses.contains(canonical(sourceAddress)) ? Optional.of(operator) : Optional.empty();
    }

    /** "0:0:0:0:0:0:0:1" and "::1" are one address. Only IPv6 literals are parsed, so there is never a DNS lookup. */
    static String canonical(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (literal.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(literal).getHostAddress();
            } catch (UnknownHostException | SecurityException e) {
                return literal;
            }
        }
        return literal;
    }
}
