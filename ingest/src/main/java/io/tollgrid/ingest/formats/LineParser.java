package io.tollgrid.ingest.formats;

import java.util.List;

/** One source format: a physical line in, a CDR or a typed reject out. Implementations are immutable and thread-safe. */
public interface LineParser {
    /** A longer line is refused before it is split: no switch writes one, and a batch to Cassandra must stay small. */
    int MAX_LINE_CHARS = 16_384;

    /** The name stored as the CDR's source ("asterisk-csv", ...). */
    String format();

    /** Leading lines that are headers, archived but not parsed (at most {@code FileChunk.LINES}). */
    default int headerLines() {
        return 0;
    }

    /**
     * The parser for the lines of one file whose header lines these are (a format that finds its columns by
     * name, like CUCM, resolves them here); formats with a fixed layout return themselves.
     *
     * @throws RejectedLine when the header is not one of this format; every line of the file is then rejected
     */
    default LineParser forHeader(List<String> header) throws RejectedLine {
        return this;
    }

    SwitchCdr parse(String line) throws RejectedLine;
}
