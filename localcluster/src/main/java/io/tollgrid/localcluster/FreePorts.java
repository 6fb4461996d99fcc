package io.tollgrid.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP (and UDP) ports on loopback, so test servers never collide with a developer's local stack. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A TCP port free on loopback from 20000..32000, below the kernel's ephemeral range, for a server that
     * binds it only later: a port from {@link #next()} is itself ephemeral, and an outgoing connection of
     * some other process took one such port before the ingest process, starting second, could bind it.
     */
    public static int nextOutsideEphemeral() {
        return firstFreeRun(20000, 12000, 1);
    }

    /**
     * A port free for UDP on loopback (SIP: Kamailio, SIPp), from 20000..32000, below the kernel's ephemeral
     * range: a TCP port from {@link #next()} was once already taken for UDP when SIPp bound it.
     */
    public static int nextUdp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + (int) (Math.random() * 12000);
            try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback UDP port found");
    }

    /**
     * The first port of a run of {@code count} consecutive free ports, for servers (like Ignite
     * discovery) that scan a range. Searches from a random base in 20000..40000 to avoid ephemeral ports.
     */
    public static int nextRange(int count) {
        return firstFreeRun(20000, 20000, count);
    }

    /** The first port of a run of count free TCP ports, its base drawn at random from [from, from + span). */
    private static int firstFreeRun(int from, int span, int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = from + (int) (Math.random() * span);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free loopback ports found from " + from);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }
}
