package io.tollgrid.ops.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kamailio running ops/kamailio/kamailio.cfg unchanged. Ports and URLs are set the way the docs tell an
 * operator to: a wrapper file with #!substdef lines that includes the real cfg.
 */
final class KamailioSwitch implements AutoCloseable {
    private final NativeProcess process;
    private final int sipPort;

    private KamailioSwitch(NativeProcess process, int sipPort) {
        this.process = process;
        this.sipPort = sipPort;
    }

    /** @param evapiAddress with it, the cfg's evapi integration listening there; without, HTTP_ONLY */
    record Config(int sipPort, String gatewayUrl, String carrierUri, Optional<String> switchKey, int workers,
                  Optional<String> evapiAddress) {
    }

    static KamailioSwitch start(Path kamailio, Path dir, Config config) {
        Path wrapper = dir.resolve("kamailio-local.cfg");
        StringBuilder text = new StringBuilder("#!KAMAILIO\n# Written by the switch tests: ports of this run, then the real cfg.\n");
        config.switchKey().ifPresent(key -> text.append("#!define SWITCH_KEY \"").append(key).append("\"\n"));
        config.evapiAddress().ifPresentOrElse(
                address -> text.append("#!substdef \"!EVAPI_ADDR!").append(address).append("!g\"\n"),
                () -> text.append("#!define HTTP_ONLY\n"));
        text.append("#!substdef \"!SIP_PORT!").append(config.sipPort()).append("!g\"\n")
                .append("#!substdef \"!GATEWAY_URL!").append(config.gatewayUrl()).append("!g\"\n")
                .append("#!substdef \"!CARRIER_URI!").append(config.carrierUri()).append("!g\"\n")
                .append("#!substdef \"!WORKERS!").append(config.workers()).append("!g\"\n")
                .append("include_file \"").append(SwitchTools.opsFile("kamailio/kamailio.cfg")).append("\"\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(wrapper, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NativeProcess process = NativeProcess.start("kamailio",
                List.of(kamailio.toString(), "-f", wrapper.toString(), "-DD", "-E", "-m", "512", "-M", "16"),
                dir, dir.resolve("kamailio.log"));
        KamailioSwitch sw = new KamailioSwitch(process, config.sipPort());
        try {
            sw.awaitAnswering(Duration.ofSeconds(20));
            return sw;
        } catch (RuntimeException | Error e) {
            sw.close();
            throw e;
        }
    }

    int sipPort() {
        return sipPort;
    }

    NativeProcess process() {
        return process;
    }

    /** Ready means it answers SIP: an OPTIONS gets the cfg's 405. */
    private void awaitAnswering(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(250);
            int attempt = 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kamailio exited while starting; see " + process.log() + "\n" + process.logTail(40));
                }
                byte[] options = options(socket.getLocalPort(), ++attempt);
                socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), sipPort));
                try {
                    DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                    socket.receive(reply);
                    if (new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 ")) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    // kamailio is still starting its workers
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("kamailio did not answer SIP on 127.0.0.1:" + sipPort + " within " + timeout
                + "; see " + process.log() + "\n" + process.logTail(40));
    }

    private byte[] options(int localPort, int attempt) {
        String branch = "z9hG4bK-ready-" + attempt;
        return ("OPTIONS sip:ping@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=" + branch + "\r\n"
                + "From: <sip:ready@127.0.0.1>;tag=ready" + attempt + "\r\n"
                + "To: <sip:ping@127.0.0.1>\r\n"
                + "Call-ID: ready-" + attempt + "-" + ProcessHandle.current().pid() + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 5\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        process.close();
    }
}
