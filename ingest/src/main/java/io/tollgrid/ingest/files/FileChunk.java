package io.tollgrid.ingest.files;

import java.io.Serializable;
import java.util.List;

/**
 * Consecutive lines of one file, as the source hands them on.
 *
 * @param file        the file's key: its name and a hash of its content, so a replay finds the same key and
 *                    another file under a reused name (Master.csv rotated) does not
 * @param fileName    the name in {@code incoming/}
 * @param index       0, 1, 2, ... within the file
 * @param firstLine   the 1-based line number of {@code lines.get(0)}
 * @param totalChunks set on the file's last chunk only (0 on the others)
 * @param header      the file's header lines (as many as its format has), on every chunk: chunks of one file
 *                    may be parsed by different processors
 * @param retentionSeconds the TTL its archived lines are written with (the source's retention; 0 = forever)
 */
public record FileChunk(String source, String file, String fileName, int index, int firstLine, List<String> lines,
                        int totalChunks, List<String> header, int retentionSeconds) implements Serializable {
    /** Lines per chunk; a divisor of {@link LineArchive#BUCKET_LINES}, so a chunk never spans two archive partitions. */
    public static final int LINES = 64;

    /** Lines kept for the default retention. */
    public FileChunk(String source, String file, String fileName, int index, int firstLine, List<String> lines,
                     int totalChunks, List<String> header) {
        this(source, file, fileName, index, firstLine, lines, totalChunks, header, Retention.DEFAULT_SECONDS);
    }

    public FileChunk {
        lines = List.copyOf(lines);
        header = List.copyOf(header);
        if (lines.size() > LINES || firstLine < 1 || (firstLine - 1) % LINES != 0) {
            throw new IllegalArgumentException("a chunk holds up to " + LINES + " lines from a multiple of " + LINES + " + 1");
        }
    }

    public boolean isLast() {
        return totalChunks > 0;
    }
}
