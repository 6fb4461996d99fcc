package io.tollgrid.ingest.rejects;

import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.Retrying;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.files.LineArchive;
import io.tollgrid.ingest.files.LineRating;
import io.tollgrid.ingest.files.LineReject;
import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.formats.RejectedLine;
import io.tollgrid.ingest.posting.CdrPoster;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists and replays a source's rejects. A replayed reject that now rates becomes its CDR (an upsert under the
 * same key rules as on first arrival, so a line replayed twice, or also re-imported, is one row) and is then
 * removed from the reject store; one that still fails stays, and the replay says why. Blocking: call it off any
 * event loop.
 */
public final class RejectReplay {
    /** Rejects one call lists or replays at most; a larger day is replayed by calling again (replayed ones are gone). */
    public static final int MAX_PER_CALL = 10_000;
    /** Refused at the door (a cut-off TCP line, an oversized body): no record to parse again. */
    private static final Set<RejectReason> NOT_RECORDS = Set.of(RejectReason.PARTIAL_LINE, RejectReason.LINE_TOO_LONG);

    private final LineArchive archive;
    private final LineRating rating;
    private final CdrStore store;
    private final Map<String, FileSource> sources;
    private final CdrPoster poster;

    /** What a replay did with one reject. */
    public record Replayed(LineReject reject, RatedCdr cdr, RejectReason reason, String detail) {
        public boolean written() {
            return cdr != null;
        }
    }

    public RejectReplay(LineArchive archive, LineRating rating, CdrStore store, Map<String, FileSource> sources) {
        this(archive, rating, store, sources, null);
    }

    /** @param poster settles posting sources' CDRs with the ledger before they are written; null when none posts */
    public RejectReplay(LineArchive archive, LineRating rating, CdrStore store, Map<String, FileSource> sources,
                        CdrPoster poster) {
        this.archive = archive;
        this.rating = rating;
        this.store = store;
        this.sources = Map.copyOf(sources);
        this.poster = poster;
    }

    public boolean knows(String source) {
        return sources.containsKey(source);
    }

    public List<LineReject> list(String source, LocalDate day, int limit) {
        return archive.rejects(source, day, Math.min(limit, MAX_PER_CALL));
    }

    public List<Replayed> replay(String sourceId, LocalDate day) {
        FileSource source = sources.get(sourceId);
        if (source == null) {
            throw new IllegalArgumentException("no source " + sourceId);
        }
        List<Replayed> replayed = new ArrayList<>();
        for (LineReject reject : archive.rejects(sourceId, day, MAX_PER_CALL)) {
            if (NOT_RECORDS.contains(reject.reason())) {
                replayed.add(new Replayed(reject, null, reject.reason(), reject.detail()));
                continue;
            }
            try {
                LineParser parser = source.parser();
                if (parser.headerLines() > 0) {
                    parser = parser.forHeader(archive.header(sourceId, reject.file(), parser.headerLines()));
                }
                RatedCdr rated = rating.rate(source, parser, reject.raw());
                RatedCdr cdr = rated;
                if (source.posting().post()) {
                    if (poster == null) {
                        throw new IllegalStateException("source " + sourceId + " posts to the ledger but ingest has no poster");
                    }
                    // A posting source's line is posted before it is written, as on first arrival (keyed the same).
                    CdrPoster.Settled settled = poster.settle(source, rated).join();
                    if (!settled.written()) {
                        throw new RejectedLine(settled.reason(), settled.detail());
                    }
                    cdr = settled.cdr();
                }
                RatedCdr written = cdr;
                Retrying.untilWritten(() -> store.write(written, source.retentionSeconds()), "replayed CDR " + written.callId()).join();
                Retrying.untilWritten(() -> archive.forget(reject, day), "replayed reject " + reject.file()).join();
                replayed.add(new Replayed(reject, written, null, null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying the rejects of " + sourceId, e);
            } catch (RejectedLine still) {
                replayed.add(new Replayed(reject, null, still.reason(), still.detail()));
            }
        }
        return replayed;
    }
}
