package io.tollgrid.ingest.push;

import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.RejectReason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One TCP source's listening port. Each connection is read as lines ending in LF (a CR before it is dropped;
 * empty lines are keep-alives, counted and skipped), and flow-controlled so that nothing is read ahead of the
 * archive: the socket is paused as soon as a read holds a line, and resumed only when every line read so far
 * is archived in Cassandra and fewer than {@value #STEPS_IN_FLIGHT} steps of this connection are still being
 * priced and written. A slow Cassandra therefore stops the reads, the kernel's receive buffer (set to
 * {@value #RECEIVE_BUFFER_BYTES} bytes) fills and TCP's window closes on the PBX: back-pressure, not a queue.
 *
 * <p>SMDR has no acknowledgement, so a PBX that reconnects resends from where it thinks it was, or earlier;
 * pushed lines are keyed by content ({@link PushedLines}), so a line read twice is one row. When a connection
 * ends (closed or reset), the lines already read are still archived and written; bytes after the last line
 * end are a line cut off, stored as a {@code PARTIAL_LINE} reject (the PBX resends the whole line on its next
 * connection). Lines longer than {@link LineParser#MAX_LINE_CHARS} bytes are rejected {@code LINE_TOO_LONG}
 * with their first {@code MAX_LINE_CHARS} bytes, and the rest up to the next line end is skipped.
 */
public final class TcpLineServer implements AutoCloseable {
    /** Lines archived in one step (concurrent single-row writes). */
    static final int LINES_PER_STEP = 256;
    /** Steps of one connection archived and still being priced and written; reading waits at the bound. */
    static final int STEPS_IN_FLIGHT = 4;
    static final int RECEIVE_BUFFER_BYTES = 64 * 1_024;
    private static final Logger LOG = LoggerFactory.getLogger(TcpLineServer.class);

    private final TcpSource source;
    private final RecordSink pushed;
    private final NetServer server;
    private final AtomicInteger open = new AtomicInteger();

    private TcpLineServer(TcpSource source, RecordSink pushed, NetServer server) {
        this.source = source;
        this.pushed = pushed;
        this.server = server;
    }

    /** Binds the source's port; completes when it listens. */
    static Future<TcpLineServer> start(Vertx vertx, TcpSource source, RecordSink pushed) {
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(source.host()).setPort(source.port())
                .setReceiveBufferSize(RECEIVE_BUFFER_BYTES).setTcpKeepAlive(true));
        TcpLineServer lines = new TcpLineServer(source, pushed, server);
        server.connectHandler(lines::accept);
        return server.listen().map(listening -> {
            LOG.info("TCP CDR source {} ({}) listening on {}:{}", source.id(), source.billing().parser().format(),
                    source.host(), listening.actualPort());
            return lines;
        });
    }

    public int port() {
        return server.actualPort();
    }

    private void accept(NetSocket socket) {
        String peer = socket.remoteAddress().hostAddress();
        if (!source.allow().contains(peer)) {
            PushCounters.REFUSED.labels(source.id(), "peer_not_allowed").inc();
            LOG.warn("TCP CDR source {}: connection from {} refused: not in ingest.tcp.{}.allow", source.id(), peer, source.id());
            socket.close();
            return;
        }
        if (open.incrementAndGet() > source.maxConnections()) {
            open.decrementAndGet();
            PushCounters.REFUSED.labels(source.id(), "too_many_connections").inc();
            LOG.warn("TCP CDR source {}: connection from {} refused: {} are open (ingest.tcp.{}.max.connections)",
                    source.id(), peer, source.maxConnections(), source.id());
            socket.close();
            return;
        }
        PushCounters.CONNECTIONS.labels(source.id()).inc();
        new Connection(socket, "tcp:" + peer).start();
    }

    /** One PBX connection. Every field is touched on the connection's event-loop context only. */
    private final class Connection {
        private final NetSocket socket;
        private final String via;
        private final Context context = Vertx.currentContext();
        /** Lines read and not yet archived; holds at most one read's lines, as the socket is paused while it is not empty. */
        private final ArrayDeque<PushedLines.Received> read = new ArrayDeque<>();
        /** Bytes after the last line end, at most MAX_LINE_CHARS. */
        private Buffer partial = Buffer.buffer();
        /** Skipping the rest of a line that was too long. */
        private boolean skipping;
        private boolean archiving;
        private int writing;
        private boolean ended;

        Connection(NetSocket socket, String via) {
            this.socket = socket;
            this.via = via;
        }

        void start() {
            socket.handler(this::received);
            // After the last data (Vert.x hands the end after what it buffered), the cut-off bytes, if any.
            socket.endHandler(ignored -> ended());
            socket.exceptionHandler(error -> LOG.info("TCP CDR source {}: connection {} failed: {}", source.id(), via,
                    error.toString()));
            socket.closeHandler(ignored -> {
                open.decrementAndGet();
                PushCounters.CONNECTIONS.labels(source.id()).dec();
            });
        }

        private void received(Buffer data) {
            int from = 0;
            for (int i = 0; i < data.length(); i++) {
                if (data.getByte(i) == '\n') {
                    take(data, from, i, true);
                    from = i + 1;
                }
            }
            take(data, from, data.length(), false);
            pump();
        }

        /** Adds bytes [from, to) to the line being read; {@code complete} when they end at a line end. */
        private void take(Buffer data, int from, int to, boolean complete) {
            if (!skipping) {
                int room = LineParser.MAX_LINE_CHARS - partial.length();
                if (to - from > room) {
                    partial.appendBuffer(data, from, room);
                    PushCounters.RECEIVED.labels(source.id()).inc();
                    read.add(new PushedLines.Received(text(partial), RejectReason.LINE_TOO_LONG,
                            "the line is longer than " + LineParser.MAX_LINE_CHARS + " bytes; its first "
                                    + LineParser.MAX_LINE_CHARS + " are kept here"));
                    partial = Buffer.buffer();
                    skipping = true;
                } else {
                    partial.appendBuffer(data, from, to - from);
                }
            }
            if (complete) {
                if (!skipping) {
                    String line = text(partial);
                    if (line.endsWith("\r")) {
                        line = line.substring(0, line.length() - 1);
                    }
                    if (line.isBlank()) {
                        PushCounters.KEEP_ALIVES.labels(source.id()).inc();
                    } else {
                        PushCounters.RECEIVED.labels(source.id()).inc();
                        read.add(PushedLines.Received.line(line));
                    }
                }
                partial = Buffer.buffer();
                skipping = false;
            }
        }

        private void ended() {
            if (partial.length() > 0 && !skipping) {
                PushCounters.RECEIVED.labels(source.id()).inc();
                String fragment = text(partial);
                read.add(new PushedLines.Received(fragment, RejectReason.PARTIAL_LINE, "the connection ended after "
                        + partial.length() + " bytes of a line, before its line end"));
            }
            partial = Buffer.buffer();
            ended = true;
            pump();
        }

        /** Archives the next step of lines read, one step at a time; reads on only when all read are archived. */
        private void pump() {
            if (archiving) {
                return;
            }
            if (read.isEmpty()) {
                if (writing < STEPS_IN_FLIGHT && !ended) {
                    socket.resume();
                }
                return;
            }
            socket.pause();
            if (writing >= STEPS_IN_FLIGHT) {
                return;
            }
            List<PushedLines.Received> step = new ArrayList<>(Math.min(read.size(), LINES_PER_STEP));
            while (!read.isEmpty() && step.size() < LINES_PER_STEP) {
                step.add(read.poll());
            }
            archiving = true;
            pushed.archive(source.billing(), step, via).whenComplete((ok, error) -> context.runOnContext(v -> {
                archiving = false;
                if (error != null) {
                    // Only when the JVM stops: the lines were read, not archived, and the PBX resends them.
                    LOG.error("TCP CDR source {}: {} lines from {} not archived", source.id(), step.size(), via, error);
                    socket.close();
                    return;
                }
                writing++;
                pushed.rateAndWrite(source.billing(), step, via).whenComplete((outcomes, failed) -> context.runOnContext(w -> {
                    writing--;
                    if (failed != null) {
                        LOG.error("TCP CDR source {}: {} archived lines from {} not written; they are in the archive",
                                source.id(), step.size(), via, failed);
                    }
                    pump();
                }));
                pump();
            }));
        }
    }

    /** UTF-8; bytes that are not become U+FFFD, as in files. */
    private static String text(Buffer bytes) {
        return new String(bytes.getBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
