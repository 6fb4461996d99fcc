package io.tollgrid.gateway.notify;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant's webhook cannot make the gateway post into the operator's own network unless the operator allows it. */
class WebhooksTest {

    @Test
    void loopbackPrivateLinkLocalAndCarrierNatAddressesArePrivate() throws Exception {
        for (String address : List.of("127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "::1", "::", "fe80::1",
                "fc00::1", "fd12:3456::1")) {
            assertTrue(Webhooks.isPrivate(InetAddress.getByName(address)), address);
        }
        for (String address : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "1.1.1.1",
                "2001:4860:4860::8888")) {
            assertFalse(Webhooks.isPrivate(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void aPrivateTargetIsRefusedBeforeAnyConnectionUnlessAllowed() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "https://127.0.0.1:" + listener.getLocalPort() + "/hook";
            Webhooks refusing = new Webhooks(null, Duration.ofSeconds(2), false);
            IOException refused = assertThrows(IOException.class,
                    () -> refusing.send(url, "secret", "key-1", NotifyEvent.LOW_BALANCE, "{}", 1));
            assertTrue(refused.getMessage().contains("private address"), refused.getMessage());
            IOException byName = assertThrows(IOException.class, () -> refusing.send("https://localhost:"
                    + listener.getLocalPort() + "/hook", "secret", "key-2", NotifyEvent.LOW_BALANCE, "{}", 1));
            assertTrue(byName.getMessage().contains("private address"), byName.getMessage());

            // Allowed, the same URL gets as far as the TLS handshake with a listener that never answers it.
            Webhooks allowing = new Webhooks(null, Duration.ofMillis(500), true);
            IOException connected = assertThrows(IOException.class,
                    () -> allowing.send(url, "secret", "key-3", NotifyEvent.LOW_BALANCE, "{}", 1));
            assertFalse(String.valueOf(connected.getMessage()).contains("private address"), String.valueOf(connected));
        }
    }
}
