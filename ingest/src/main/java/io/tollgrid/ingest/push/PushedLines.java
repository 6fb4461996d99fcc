package io.tollgrid.ingest.push;

import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.Retrying;
import io.tollgrid.ingest.files.FileChunk;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.files.LineArchive;
import io.tollgrid.ingest.files.LineRating;
import io.tollgrid.ingest.files.LineReject;
import io.tollgrid.ingest.files.RatedChunk;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.posting.CdrPoster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What becomes of a pushed record (a TCP line, an HTTP document): {@link #archive} stores it raw, then
 * {@link #rateAndWrite} parses and prices it ({@link LineRating}, as a file line) and writes the CDR or the
 * reject, each write retried until it lands.
 *
 * <p>A pushed record has no file and no line number, and a switch resends what it is not sure was taken, so
 * its archive key is its content: file {@code pushed#} + the first 128 bits of its SHA-256 (hex), line 1.
 * The same record pushed again, on any connection, lands on the same archive row, the same reject row and
 * (by the CDR key rules) the same CDR row. Two pushes of byte-identical records are one record.
 */
public final class PushedLines implements RecordSink {
    static final String KEY_PREFIX = "pushed#";

    private final LineArchive archive;
    private final LineRating rating;
    private final CdrStore store;
    private final Executor ratingThreads;
    private final CdrPoster poster;

    /** One record received, or refused at the door (too long, cut off) with its reason. */
    public record Received(String raw, RejectReason refused, String detail) {
        public static Received line(String raw) {
            return new Received(raw, null, null);
        }
    }

    /** What a record became: a written CDR, or a written reject. */
    public record Outcome(RatedCdr cdr, LineReject reject) {
    }

    /** @param ratingThreads where parsing and pricing run (off any event loop: a new deck compiles there) */
    public PushedLines(LineArchive archive, LineRating rating, CdrStore store, Executor ratingThreads) {
        this(archive, rating, store, ratingThreads, null);
    }

    /** @param poster settles posting sources' CDRs with the ledger before they are written; null when none posts */
    public PushedLines(LineArchive archive, LineRating rating, CdrStore store, Executor ratingThreads, CdrPoster poster) {
        this.archive = archive;
        this.rating = rating;
        this.store = store;
        this.ratingThreads = ratingThreads;
        this.poster = poster;
    }

    static String key(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static FileChunk chunk(FileSource source, String raw, String via) {
        return new FileChunk(source.id(), key(raw), via, 0, 1, List.of(raw), 1, List.of(), source.retentionSeconds());
    }

    /** Archives the records that were taken (those refused at the door are kept as rejects only); completes when all are stored. */
    @Override
    public CompletableFuture<Void> archive(FileSource source, List<Received> records, String via) {
        List<CompletableFuture<Void>> writes = new ArrayList<>(records.size());
        for (Received record : records) {
            if (record.refused() == null) {
                writes.add(archive.store(chunk(source, record.raw(), via)));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /** Parses, prices and writes each record (after {@link #archive}); completes, in order, when all are written. */
    @Override
    public CompletableFuture<List<Outcome>> rateAndWrite(FileSource source, List<Received> records, String via) {
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Outcome>> writes = new ArrayList<>(records.size());
            for (Received record : records) {
                writes.add(record.refused() == null ? write(source, rating.rate(chunk(source, record.raw(), via)))
                        : reject(source, new LineReject(source.id(), key(record.raw()), via, 1, record.raw(),
                                record.refused(), record.detail())));
            }
            return writes;
        }, ratingThreads).thenCompose(writes -> CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(all -> writes.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<Outcome> write(FileSource source, RatedChunk rated) {
        if (!rated.rejects().isEmpty()) {
            return reject(source, rated.rejects().get(0));
        }
        if (source.posting().post()) {
            if (poster == null) {
                throw new IllegalStateException("source " + source.id() + " posts to the ledger but ingest has no poster");
            }
            CompletableFuture<CdrPoster.Settled> settled;
            try {
                settled = poster.settle(source, rated.cdrs().get(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
            // The ledger first (idempotent by the CDR key), then the row or the reject it became.
            return settled.thenCompose(result -> result.written() ? write(source, result.cdr())
                    : reject(source, rated.rejectOf(0, result.reason(), result.detail())));
        }
        return write(source, rated.cdrs().get(0));
    }

    private CompletableFuture<Outcome> write(FileSource source, RatedCdr cdr) {
        return Retrying.untilWritten(() -> store.write(cdr, source.retentionSeconds()), "pushed CDR " + cdr.callId())
                .thenApply(written -> {
                    PushCounters.CDRS_WRITTEN.labels(source.id()).inc();
                    return new Outcome(cdr, null);
                });
    }

    private CompletableFuture<Outcome> reject(FileSource source, LineReject reject) {
        return Retrying.untilWritten(() -> archive.reject(reject, source.retentionSeconds()), "pushed reject " + reject.file())
                .thenApply(written -> {
                    PushCounters.REJECTED.labels(source.id(), reject.reason().name()).inc();
                    return new Outcome(null, reject);
                });
    }
}
