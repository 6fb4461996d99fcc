package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.AccountRule;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.formats.AsteriskCsv;
import io.tollgrid.ingest.formats.RejectReason;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP source's flow control without Cassandra: while an archive write is not acknowledged, nothing more is
 * handed on and the PBX's writes block (TCP's window closes); once writes complete, every line arrives once and
 * in order, and the cut-off tail becomes a PARTIAL_LINE record.
 */
class TcpBackPressureTest {
    static final int LINES = 200_000;
    private Vertx vertx;

    /** Archive writes that complete only when the test says so. */
    static final class HeldSink implements RecordSink {
        final ConcurrentLinkedQueue<CompletableFuture<Void>> held = new ConcurrentLinkedQueue<>();
        final List<PushedLines.Received> archived = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger maxPending = new AtomicInteger();
        volatile boolean release;

        @Override
        public CompletableFuture<Void> archive(FileSource source, List<PushedLines.Received> records, String via) {
            archived.addAll(records);
            maxPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
            CompletableFuture<Void> write = new CompletableFuture<>();
            if (release) {
                finish(write);
            } else {
                held.add(write);
            }
            return write;
        }

        /**
         * Counts the step as archived before completing it: a dependent registered later (the server's next read)
         * runs before earlier ones, so a decrement in whenComplete would run after the next step had started.
         */
        private void finish(CompletableFuture<Void> write) {
            pending.decrementAndGet();
            write.complete(null);
        }

        @Override
        public CompletableFuture<List<PushedLines.Outcome>> rateAndWrite(FileSource source,
                                                                         List<PushedLines.Received> records, String via) {
            return CompletableFuture.completedFuture(List.of());
        }

        void releaseAll() {
            release = true;
            for (CompletableFuture<Void> write; (write = held.poll()) != null; ) {
                finish(write);
            }
        }
    }

    @AfterEach
    void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    static String line(int i) {
        return String.format("\"acc-%06d\",\"1001\",\"00442071234567\",\"from-internal\",\"2026-03-01 10:00:00\",95,90,\"ANSWERED\"", i);
    }

    @Test
    void aSlowArchiveStopsTheReadsAndThenEveryLineArrivesOnceInOrder() throws Exception {
        vertx = Vertx.vertx();
        FileSource billing = new FileSource("bp", AsteriskCsv.parser(ZoneId.of("UTC")), "t1", AccountRule.fixed("a1"),
                "plan", "EUR", "bp", null, null);
        HeldSink sink = new HeldSink();
        TcpLineServer server = TcpLineServer.start(vertx, new TcpSource(billing, "127.0.0.1", 0, List.of("127.0.0.1"), 1),
                sink).toCompletionStage().toCompletableFuture().join();

        AtomicLong written = new AtomicLong();
        long total = 0;
        for (int i = 0; i < LINES; i++) {
            total += line(i).length() + 2;
        }
        Thread pbx = new Thread(() -> {
            try (Socket socket = new Socket()) {
                socket.setSendBufferSize(64 * 1_024);
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < LINES; i++) {
                    byte[] bytes = (line(i) + "\r\n").getBytes(StandardCharsets.UTF_8);
                    out.write(bytes);
                    written.addAndGet(bytes.length);
                }
                out.write("\"acc-cut".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "pbx");
        pbx.start();

        Thread.sleep(3_000);
        assertEquals(1, sink.maxPending.get(), "one archive step at a time");
        assertTrue(sink.archived.size() <= TcpLineServer.LINES_PER_STEP, "only the first step is handed on: "
                + sink.archived.size());
        assertTrue(pbx.isAlive(), "the PBX's writes block while the archive is held");
        assertTrue(written.get() < 4L * 1_024 * 1_024 && written.get() < total / 4,
                "TCP's window closed on the PBX after " + written.get() + " of " + total + " bytes");

        sink.releaseAll();
        pbx.join(60_000);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (sink.archived.size() < LINES + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(LINES + 1, sink.archived.size());
        for (int i = 0; i < LINES; i++) {
            PushedLines.Received received = sink.archived.get(i);
            assertEquals(line(i), received.raw(), "line " + i);
            assertEquals(null, received.refused());
        }
        PushedLines.Received tail = sink.archived.get(LINES);
        assertEquals("\"acc-cut", tail.raw());
        assertEquals(RejectReason.PARTIAL_LINE, tail.refused());
        assertEquals(1, sink.maxPending.get(), "never a second step before the first was archived");
    }
}
