package io.tollgrid.ingest.formats;

/** One source format: a physical line in, a CDR or a typed reject out. Implementations are immutable and thread-safe. */
public interface LineParser {
    /** A longer line is refused before it is split: no switch writes one, and a batch to Cassandra must stay small. */
    int MAX_LINE_CHARS = 16_384;

    /** The name stored as the CDR's source ("asterisk-csv", ...). */
    String format();

    /** Leading lines that are headers, archived but not parsed. */
    default int headerLines() {
        return 0;
    }

    SwitchCdr parse(String line) throws RejectedLine;
}
