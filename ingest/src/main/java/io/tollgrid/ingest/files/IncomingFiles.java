package io.tollgrid.ingest.files;

import com.hazelcast.jet.pipeline.SourceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Jet source's state: takes the settled files of each source's {@code incoming/} one at a time, oldest
 * name first, and hands on their lines in {@link FileChunk}s. A file is handed on once; it leaves
 * {@code incoming/} only when the sink has written all of it, and a file still there after a restart is
 * handed on again from its first line (a replay: every write is an upsert under the same keys).
 *
 * <p>Files named {@code .*}, {@code *.tmp} or {@code *.part} are being written and are skipped; a writer
 * should write under such a name and rename. A file is taken once it has not changed for the settle time.
 */
final class IncomingFiles {
    /** Chunks handed on per call, so one large file does not hold the source thread for long. */
    static final int CHUNKS_PER_FILL = 16;
    private static final Logger LOG = LoggerFactory.getLogger(IncomingFiles.class);

    private final List<FileSource> sources;
    private final long pollMillis;
    private final long settleMillis;
    private final FinishedFiles finished;
    /** Files handed on whole and not yet moved by the sink: never handed on twice in one run. */
    private final Set<Path> handedOn = new HashSet<>();
    private long lastPollMillis;
    private int nextSource;
    private OpenFile current;

    private static final class OpenFile {
        final FileSource source;
        final Path path;
        final String key;
        final BufferedReader reader;
        String lookahead;
        List<String> header = List.of();
        int nextLine = 1;
        int index;

        OpenFile(FileSource source, Path path, String key, BufferedReader reader) throws IOException {
            this.source = source;
            this.path = path;
            this.key = key;
            this.reader = reader;
            this.lookahead = reader.readLine();
        }
    }

    IncomingFiles(List<FileSource> sources, long pollMillis, long settleMillis, FinishedFiles finished) {
        this.sources = List.copyOf(sources);
        this.finished = finished;
        this.pollMillis = pollMillis;
        this.settleMillis = settleMillis;
        for (FileSource source : sources) {
            try {
                Files.createDirectories(source.incoming());
                Files.createDirectories(source.done());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directories of CDR source " + source.id(), e);
            }
        }
    }

    void fill(SourceBuilder.SourceBuffer<FileChunk> buffer) throws IOException {
        if (current == null && !openNext()) {
            return;
        }
        for (int n = 0; n < CHUNKS_PER_FILL && current != null; n++) {
            buffer.add(nextChunk());
        }
    }

    private FileChunk nextChunk() throws IOException {
        OpenFile file = current;
        List<String> lines = new ArrayList<>(FileChunk.LINES);
        int first = file.nextLine;
        while (lines.size() < FileChunk.LINES && file.lookahead != null) {
            lines.add(file.lookahead);
            file.lookahead = file.reader.readLine();
        }
        file.nextLine += lines.size();
        boolean last = file.lookahead == null;
        int index = file.index++;
        if (index == 0) {
            file.header = List.copyOf(lines.subList(0, Math.min(lines.size(), file.source.parser().headerLines())));
        }
        FileCounters.LINES_READ.labels(file.source.id()).inc(lines.size());
        if (last) {
            file.reader.close();
            handedOn.add(file.path);
            current = null;
            LOG.info("CDR file {} of source {}: {} lines read, writing", file.path.getFileName(), file.source.id(), first - 1 + lines.size());
        }
        return new FileChunk(file.source.id(), file.key, file.path.getFileName().toString(), index, first, lines,
                last ? index + 1 : 0, file.header, file.source.retentionSeconds());
    }

    /** Lists the sources' directories (at most every poll interval) and opens the first settled file found. */
    private boolean openNext() throws IOException {
        long now = System.currentTimeMillis();
        if (now - lastPollMillis < pollMillis) {
            return false;
        }
        lastPollMillis = now;
        finished.forgetFinished(handedOn);
        for (int i = 0; i < sources.size(); i++) {
            FileSource source = sources.get((nextSource + i) % sources.size());
            Path next = firstSettled(source, now);
            if (next != null) {
                nextSource = (nextSource + i + 1) % sources.size();
                current = open(source, next);
                return true;
            }
        }
        return false;
    }

    private Path firstSettled(FileSource source, long now) throws IOException {
        try (Stream<Path> listing = Files.list(source.incoming())) {
            return listing.filter(path -> isCandidate(path, now)).sorted().findFirst().orElse(null);
        }
    }

    private boolean isCandidate(Path path, long now) {
        String name = path.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part") || handedOn.contains(path)) {
            return false;
        }
        try {
            return Files.isRegularFile(path) && now - Files.getLastModifiedTime(path).toMillis() >= settleMillis;
        } catch (IOException e) {
            return false;
        }
    }

    private static OpenFile open(FileSource source, Path path) throws IOException {
        String key = path.getFileName() + "#" + contentHash(path);
        // Bytes that are not UTF-8 become U+FFFD rather than stopping the file: the line is still archived and parsed.
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        return new OpenFile(source, path, key, reader);
    }

    /** The first 16 hex digits of the content's SHA-256: the same file dropped again gets the same keys. */
    static String contentHash(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    void close() throws IOException {
        if (current != null) {
            current.reader.close();
            current = null;
        }
    }
}
