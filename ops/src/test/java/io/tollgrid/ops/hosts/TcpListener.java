package io.tollgrid.ops.hosts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** {@code TcpListener ADDRESS PORT}: accepts connections and closes them; a reachability target for test hosts. */
public final class TcpListener {
    private TcpListener() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]))) {
            System.out.println("LISTENING on " + server.getLocalSocketAddress());
            System.out.flush();
            while (true) {
                try (Socket ignored = server.accept()) {
                    // connected: that is all a probe needs
                }
            }
        }
    }
}
