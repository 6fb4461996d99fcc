package io.tollgrid.ingest.files;

import io.tollgrid.ingest.Retrying;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.ingest.formats.RejectReason;

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

    private LineArchive(CqlSession session, String keyspace) {
        this.session = session;
        this.insertLine = session.prepare("INSERT INTO " + keyspace + ".raw_cdr_lines (source, file, bucket, line, raw)"
                + " VALUES (?, ?, ?, ?, ?) USING TTL ?");
        this.insertReject = session.prepare("INSERT INTO " + keyspace + ".cdr_rejects"
                + " (source, file, line, file_name, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ?");
        this.selectLines = session.prepare("SELECT line, raw FROM " + keyspace + ".raw_cdr_lines"
                + " WHERE source = ? AND file = ? AND bucket = ?");
        this.selectRejects = session.prepare("SELECT * FROM " + keyspace + ".cdr_rejects WHERE source = ? AND file = ?");
    }

    /** Creates the tables if missing (in a keyspace {@code CdrStore.open} created), then prepares the statements. */
    public static LineArchive open(CqlSession session, String keyspace) {
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".raw_cdr_lines ("
                + " source text, file text, bucket int, line int, raw text,"
                + " PRIMARY KEY ((source, file, bucket), line))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".cdr_rejects ("
                + " source text, file text, line int, file_name text, reason text, detail text, raw text,"
                + " PRIMARY KEY ((source, file), line))");
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

    /** Stores the reject {@code USING TTL ttlSeconds} (its source's retention; 0 = forever). */
    public CompletionStage<Void> reject(LineReject reject, int ttlSeconds) {
        return session.executeAsync(insertReject.bind(reject.source(), reject.file(), reject.line(), reject.fileName(),
                reject.reason().name(), reject.detail(), reject.raw(), ttlSeconds)).thenApply(rs -> null);
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
