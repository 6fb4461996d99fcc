package io.tollgrid.ingest.files;

import io.tollgrid.ingest.Retrying;

import io.prometheus.client.Counter;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.posting.CdrPoster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Jet sink's state: writes each chunk's CDRs and rejects asynchronously (at most {@value #IN_FLIGHT} in
 * flight), and once every chunk of a file has arrived and every one of its writes completed, moves the file
 * from {@code incoming/} to {@code done/}. Chunks may arrive in any order; a file is finished by whichever
 * write completes last, on the driver's thread (the move is one rename).
 */
final class CdrFileWriter {
    static final int IN_FLIGHT = 512;
    private static final Logger LOG = LoggerFactory.getLogger(CdrFileWriter.class);

    private final CdrStore store;
    private final LineArchive archive;
    private final Map<String, FileSource> sources;
    private final FinishedFiles finished;
    /** Settles a posting source's CDRs with the ledger before they are written; null when no source posts. */
    private final CdrPoster poster;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Map<String, PendingFile> files = new ConcurrentHashMap<>();

    /** One file being written. {@code outstanding} counts writes in flight, plus one until all chunks arrived. */
    private final class PendingFile {
        final FileSource source;
        final String key;
        final String fileName;
        final AtomicLong outstanding = new AtomicLong(1);
        long cdrs;
        long rejects;
        int chunksSeen;
        int totalChunks;

        PendingFile(FileSource source, String key, String fileName) {
            this.source = source;
            this.key = key;
            this.fileName = fileName;
        }

        void completed() {
            if (outstanding.decrementAndGet() == 0) {
                finish(this);
            }
        }
    }

    CdrFileWriter(CdrStore store, LineArchive archive, Map<String, FileSource> sources, FinishedFiles finished,
                  CdrPoster poster) {
        this.store = store;
        this.archive = archive;
        this.sources = Map.copyOf(sources);
        this.finished = finished;
        this.poster = poster;
    }

    void receive(RatedChunk chunk) throws InterruptedException {
        PendingFile file = files.computeIfAbsent(chunk.file(),
                key -> new PendingFile(sources.get(chunk.source()), key, chunk.fileName()));
        boolean posting = file.source.posting().post();
        if (posting && poster == null) {
            throw new IllegalStateException("source " + chunk.source() + " posts to the ledger but ingest has no poster");
        }
        for (int i = 0; i < chunk.cdrs().size(); i++) {
            RatedCdr cdr = chunk.cdrs().get(i);
            if (posting) {
                settleAndWrite(file, chunk, i);
            } else {
                write(file, () -> store.write(cdr, file.source.retentionSeconds()), "CDR " + cdr.callId(),
                        FileCounters.CDRS_WRITTEN.labels(chunk.source()));
            }
        }
        for (LineReject reject : chunk.rejects()) {
            write(file, () -> archive.reject(reject, file.source.retentionSeconds()), "reject of line " + reject.line(),
                    FileCounters.LINES_REJECTED.labels(chunk.source(), reject.reason().name()));
        }
        file.cdrs += chunk.cdrs().size();
        file.rejects += chunk.rejects().size();
        file.chunksSeen++;
        if (chunk.isLast()) {
            file.totalChunks = chunk.totalChunks();
        }
        if (file.totalChunks > 0 && file.chunksSeen == file.totalChunks) {
            file.completed();
        }
    }

    /**
     * A posting source's CDR: the ledger first (the post, keyed by the CDR key, is idempotent), then what it became,
     * the row or the reject of its line. A crash in between leaves the file in incoming/; the replay posts again
     * (a replay, no money) and writes the same row.
     */
    private void settleAndWrite(PendingFile file, RatedChunk chunk, int i) throws InterruptedException {
        RatedCdr cdr = chunk.cdrs().get(i);
        CompletableFuture<CdrPoster.Settled> settled = poster.settle(file.source, cdr);
        inFlight.acquire();
        file.outstanding.incrementAndGet();
        settled.thenCompose(result -> {
            if (result.written()) {
                return Retrying.untilWritten(() -> store.write(result.cdr(), file.source.retentionSeconds()),
                        "CDR " + cdr.callId()).thenRun(() -> FileCounters.CDRS_WRITTEN.labels(chunk.source()).inc());
            }
            LineReject reject = chunk.rejectOf(i, result.reason(), result.detail());
            return Retrying.untilWritten(() -> archive.reject(reject, file.source.retentionSeconds()),
                    "reject of line " + reject.line()).thenRun(() ->
                    FileCounters.LINES_REJECTED.labels(chunk.source(), reject.reason().name()).inc());
        }).whenComplete((ok, error) -> {
            if (error != null) {
                // Ingest closing, or a bug (posting and writing retry until they succeed): the file stays in incoming/.
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                if (cause instanceof CdrPoster.Closed) {
                    LOG.debug("CDR {} of file {} not settled: ingest is closing", cdr.callId(), file.fileName);
                } else {
                    LOG.error("CDR {} of file {} was neither written nor rejected", cdr.callId(), file.fileName, error);
                }
                inFlight.release();
                return;
            }
            inFlight.release();
            file.completed();
        });
    }

    private void write(PendingFile file, Supplier<CompletionStage<Void>> write, String what, Counter.Child counter)
            throws InterruptedException {
        inFlight.acquire();
        file.outstanding.incrementAndGet();
        Retrying.untilWritten(write, what).whenComplete((ok, error) -> {
            inFlight.release();
            counter.inc();
            file.completed();
        });
    }

    private void finish(PendingFile file) {
        files.remove(file.key);
        Path from = file.source.incoming().resolve(file.fileName);
        Path to = file.source.done().resolve(file.fileName);
        try {
            if (Files.exists(to)) {
                // Another file of the same name was taken before (a rotated Master.csv): keep both.
                to = file.source.done().resolve(file.fileName + "." + file.key.substring(file.key.lastIndexOf('#') + 1));
            }
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            finished.finished(from);
            FileCounters.FILES_DONE.labels(file.source.id()).inc();
            LOG.info("CDR file {} of source {} done: {} CDRs, {} rejects; moved to {}", file.fileName, file.source.id(),
                    file.cdrs, file.rejects, to);
        } catch (IOException e) {
            // Left in incoming/, the file is taken again after a restart and rewritten under the same keys.
            LOG.error("CDR file {} of source {} is written but cannot be moved to done/; a restart replays it",
                    file.fileName, file.source.id(), e);
        }
    }
}
