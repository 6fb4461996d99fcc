package io.tollgrid.ops.hosts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LaggyProxy} on loopback, against an echo server and a receiver that never reads. */
class LaggyProxyTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void everyByteArrivesOnceAndInOrderThroughLatencyAndLoss() throws Exception {
        LaggyProxy proxy = proxyTo(echoServer());
        proxy.lag(new LaggyProxy.Lag(Duration.ofMillis(10), 0.3, Duration.ofMillis(40)));
        byte[] sent = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(sent);
        try (Socket socket = connect(proxy)) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int at = 0; at < sent.length; at += 8192) {
                        out.write(sent, at, Math.min(8192, sent.length - at));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] received = socket.getInputStream().readNBytes(sent.length);
            writer.join(5_000);
            assertArrayEquals(sent, received, "the echo of 3 MB through the proxy, both ways");
        }
        LaggyProxy.Stats stats = proxy.stats();
        assertTrue(stats.lostChunks() > 0, "some chunks waited out a retransmission: " + stats);
        assertEquals(2L * sent.length, stats.bytes(), "each byte passed once each way: " + stats);
    }

    @Test
    void theLatencyIsAddedInEachDirectionAndChangesAtRunTime() throws Exception {
        LaggyProxy proxy = proxyTo(echoServer());
        try (Socket socket = connect(proxy)) {
            // The fastest of three round trips: a lower bound holds for each, and the minimum rides out a pause of a
            // loaded machine.
            proxy.lag(new LaggyProxy.Lag(Duration.ofMillis(150), 0, Duration.ZERO));
            long laggy = fastestRoundTripMillis(socket);
            assertTrue(laggy >= 300 && laggy < 3_000, "150 ms each way: a round trip of " + laggy + " ms");

            proxy.lag(new LaggyProxy.Lag(Duration.ZERO, 1, Duration.ofMillis(200)));
            long lost = fastestRoundTripMillis(socket);
            assertTrue(lost >= 400 && lost < 3_000, "every chunk lost once each way: " + lost + " ms");

            proxy.lag(LaggyProxy.Lag.NONE);
            long clear = fastestRoundTripMillis(socket);
            assertTrue(clear < 250, "no lag: a round trip of " + clear + " ms");
        }
    }

    @Test
    void aReceiverThatStopsReadingHoldsTheQueueToItsBound() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(stalled);
        Thread acceptor = new Thread(() -> {
            try {
                accepted.add(stalled.accept()); // and never read from it
            } catch (IOException ignored) {
                // closed at the end of the test
            }
        });
        acceptor.start();
        LaggyProxy proxy = proxyTo(stalled.getLocalPort());
        proxy.lag(new LaggyProxy.Lag(Duration.ofMillis(5), 0, Duration.ZERO));
        AtomicLong written = new AtomicLong();
        int total = 64 * 1024 * 1024;
        try (Socket socket = connect(proxy)) {
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                    OutputStream out = socket.getOutputStream();
                    while (written.get() < total) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            Thread.sleep(2_000);
            assertTrue(written.get() < total, "the sender is held back, not buffered without end: " + written.get());
            LaggyProxy.Stats stats = proxy.stats();
            // A read may bring one socket buffer's worth past the bound before reading pauses.
            assertTrue(stats.peakQueuedBytes() <= LaggyProxy.MAX_QUEUED_BYTES + 256 * 1024,
                    "the delay queue stayed near its bound: " + stats);
        }
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aTargetThatRefusesClosesTheClientsConnection() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        LaggyProxy proxy = proxyTo(closedPort);
        try (Socket socket = connect(proxy)) {
            socket.setSoTimeout(5_000);
            assertEquals(-1, socket.getInputStream().read(), "closed, not left hanging");
        }
    }

    @Test
    void aNegativeLagOrALossOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LaggyProxy.Lag(Duration.ofMillis(-1), 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LaggyProxy.Lag(Duration.ZERO, 1.5, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LaggyProxy.Lag(Duration.ZERO, Double.NaN, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LaggyProxy.Route("127.0.0.1", 0, "127.0.0.1", 0));
    }

    private LaggyProxy proxyTo(int port) {
        LaggyProxy proxy = LaggyProxy.start(List.of(new LaggyProxy.Route("127.0.0.1", 0, "127.0.0.1", port)));
        open.add(0, proxy);
        return proxy;
    }

    private static Socket connect(LaggyProxy proxy) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.listeningPort(0));
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static long fastestRoundTripMillis(Socket socket) throws IOException {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            fastest = Math.min(fastest, roundTripMillis(socket));
        }
        return fastest;
    }

    private static long roundTripMillis(Socket socket) throws IOException {
        byte[] ping = "ping".getBytes();
        long start = System.nanoTime();
        socket.getOutputStream().write(ping);
        InputStream in = socket.getInputStream();
        assertTrue(Arrays.equals(ping, in.readNBytes(ping.length)), "the echo");
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Echoes everything back on each connection; returns its port. */
    private int echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread echo = new Thread(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException ignored) {
                            // the test closed it
                        }
                    });
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException ignored) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }
}
