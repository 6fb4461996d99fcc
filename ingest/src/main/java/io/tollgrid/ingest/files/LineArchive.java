package io.tollgrid.ingest.files;

import io.tollgrid.ingest.Retrying;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.ingest.formats.RejectReason;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The raw-line archive and the reject store, in Cassandra beside the CDRs.
 *
 * <p>Why Cassandra and not an archive directory: the raw lines are what a dispute or a re-rating goes back
 * to, so they are kept as durably, as long and as replicated as the CDRs made from them, and can be read by
 * (source, file, line) from any node; a local directory dies with its disk. The cost is one more write per
 * line, kept small by writing each chunk's lines as unlogged batches into one partition.
 *
 * <p>raw_cdr_lines is partitioned by (source, file, bucket of {@value #BUCKET_LINES} lines) so a large file
 * makes bounded partitions; cdr_rejects by (source, file). Both are upserts keyed by line number, written
 * {@code USING TTL} the source's retention ({@link Retention}).
 */
public final class LineArchive {
    public static final int BUCKET_LINES = 8_192;
    /** Batches stay under Cassandra's default 5 KiB warning threshold. */
    static final int BATCH_CHARS = 4_096;

    private final CqlSession session;
    private final PreparedStatement insertLine;
    private final PreparedStatement insertReject;
    private final PreparedStatement selectLines;
    private final PreparedStatement selectRejects;
    private final PreparedStatement insertRejectByDay;
    private final PreparedStatement selectRejectsByDay;
    private final PreparedStatement deleteReject;
    private final PreparedStatement deleteRejectByDay;
    private final PreparedStatement selectHeader;

    private LineArchive(CqlSession session, String keyspace) {
        this.session = session;
        this.insertLine = session.prepare("INSERT INTO " + keyspace + ".raw_cdr_lines (source, file, bucket, line, raw)"
                + " VALUES (?, ?, ?, ?, ?) USING TTL ?");
        this.insertReject = session.prepare("INSERT INTO " + keyspace + ".cdr_rejects"
                + " (source, file, line, file_name, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectLines = session.prepare("SELECT line, raw FROM " + keyspace + ".raw_cdr_lines"
                + " WHERE source = ? AND file = ? AND bucket = ?");
        this.selectRejects = session.prepare("SELECT * FROM " + keyspace + ".cdr_rejects WHERE source = ? AND file = ?");
        this.insertRejectByDay = session.prepare("INSERT INTO " + keyspace + ".cdr_rejects_by_day"
                + " (source, day, file, line, file_name, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectRejectsByDay = session.prepare("SELECT * FROM " + keyspace + ".cdr_rejects_by_day"
                + " WHERE source = ? AND day = ? LIMIT ?");
        this.deleteReject = session.prepare("DELETE FROM " + keyspace + ".cdr_rejects WHERE source = ? AND file = ? AND line = ?");
        this.deleteRejectByDay = session.prepare("DELETE FROM " + keyspace + ".cdr_rejects_by_day"
                + " WHERE source = ? AND day = ? AND file = ? AND line = ?");
        this.selectHeader = session.prepare("SELECT raw FROM " + keyspace + ".raw_cdr_lines"
                + " WHERE source = ? AND file = ? AND bucket = 0 AND line <= ?");
    }

    /** Creates the tables if missing (in a keyspace {@code CdrStore.open} created), then prepares the statements. */
    public static LineArchive open(CqlSession session, String keyspace) {
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".raw_cdr_lines ("
                + " source text, file text, bucket int, line int, raw text,"
                + " PRIMARY KEY ((source, file, bucket), line))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".cdr_rejects ("
                + " source text, file text, line int, file_name text, reason text, detail text, raw text,"
                + " PRIMARY KEY ((source, file), line))");
        // The same rejects by the UTC day they were stored, so an operator can list and replay a source's rejects
        // without knowing its files (a pushed record's "file" is a hash).
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".cdr_rejects_by_day ("
                + " source text, day date, file text, line int, file_name text, reason text, detail text, raw text,"
                + " PRIMARY KEY ((source, day), file, line))");
        session.checkSchemaAgreement();
        return new LineArchive(session, keyspace);
    }

    static int bucket(int line) {
        return (line - 1) / BUCKET_LINES;
    }

    /** Writes the chunk's lines; completes when all are stored, retrying failed batches until they are. */
    public CompletableFuture<Void> store(FileChunk chunk) {
        int bucket = bucket(chunk.firstLine());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        BatchStatementBuilder batch = null;
        int chars = 0;
        for (int i = 0; i < chunk.lines().size(); i++) {
            String raw = chunk.lines().get(i);
            BoundStatement row = insertLine.bind(chunk.source(), chunk.file(), bucket, chunk.firstLine() + i, raw,
                    chunk.retentionSeconds());
            if (batch != null && chars + raw.length() > BATCH_CHARS) {
                writes.add(send(batch));
                batch = null;
            }
            if (batch == null) {
                batch = new BatchStatementBuilder(BatchType.UNLOGGED);
                chars = 0;
            }
            batch.addStatement(row);
            chars += raw.length();
        }
        if (batch != null) {
            writes.add(send(batch));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> send(BatchStatementBuilder batch) {
        var statement = batch.build();
        return Retrying.untilWritten(() -> session.executeAsync(statement.size() == 1
                ? (BoundStatement) statement.iterator().next() : statement).thenApply(rs -> null), "archive batch");
    }

    /**
     * Stores the reject {@code USING TTL ttlSeconds} (its source's retention; 0 = forever), by file and line and by
     * today's UTC date; completes when both rows are written.
     */
    public CompletionStage<Void> reject(LineReject reject, int ttlSeconds) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        CompletableFuture<?> byFile = session.executeAsync(insertReject.bind(reject.source(), reject.file(), reject.line(),
                reject.fileName(), reject.reason().name(), reject.detail(), reject.raw(), ttlSeconds)).toCompletableFuture();
        CompletableFuture<?> byDay = session.executeAsync(insertRejectByDay.bind(reject.source(), today, reject.file(),
                reject.line(), reject.fileName(), reject.reason().name(), reject.detail(), reject.raw(), ttlSeconds))
                .toCompletableFuture();
        return CompletableFuture.allOf(byFile, byDay);
    }

    /** Up to {@code limit} rejects of a source stored on a UTC day, by file and line. */
    public List<LineReject> rejects(String source, LocalDate day, int limit) {
        List<LineReject> rejects = new ArrayList<>();
        for (Row row : session.execute(selectRejectsByDay.bind(source, day, limit))) {
            rejects.add(new LineReject(source, row.getString("file"), row.getString("file_name"), row.getInt("line"),
                    row.getString("raw"), RejectReason.valueOf(row.getString("reason")), row.getString("detail")));
        }
        return rejects;
    }

    /** Removes a reject that a replay turned into a CDR (the day it is listed under, and by file). */
    public CompletionStage<Void> forget(LineReject reject, LocalDate day) {
        CompletableFuture<?> byFile = session.executeAsync(deleteReject.bind(reject.source(), reject.file(), reject.line()))
                .toCompletableFuture();
        CompletableFuture<?> byDay = session.executeAsync(deleteRejectByDay.bind(reject.source(), day, reject.file(),
                reject.line())).toCompletableFuture();
        return CompletableFuture.allOf(byFile, byDay);
    }

    /** The first {@code lines} archived lines of a file: its header, which a format that finds columns by name needs. */
    public List<String> header(String source, String file, int lines) {
        List<String> header = new ArrayList<>(lines);
        for (Row row : session.execute(selectHeader.bind(source, file, lines))) {
            header.add(row.getString("raw"));
        }
        return header;
    }

    /** The archived lines of a file by line number, in order (for disputes, re-imports and tests). */
    public List<String> lines(String source, String file) {
        List<String> lines = new ArrayList<>();
        for (int bucket = 0; ; bucket++) {
            int before = lines.size();
            for (Row row : session.execute(selectLines.bind(source, file, bucket))) {
                lines.add(row.getString("raw"));
            }
            if (lines.size() == before) {
                return lines;
            }
        }
    }

    public List<LineReject> rejects(String source, String file) {
        List<LineReject> rejects = new ArrayList<>();
        for (Row row : session.execute(selectRejects.bind(source, file))) {
            rejects.add(new LineReject(source, file, row.getString("file_name"), row.getInt("line"), row.getString("raw"),
                    RejectReason.valueOf(row.getString("reason")), row.getString("detail")));
        }
        return rejects;
    }
}
