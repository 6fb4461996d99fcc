package io.tollgrid.ingest.files;

import io.tollgrid.history.RatedCdr;

import java.io.Serializable;
import java.util.List;

/**
 * What the lines of one {@link FileChunk} became: rated CDRs and rejects (header lines become neither).
 * {@code cdrLines} holds the line number of each CDR, in the same order (a posting source's CDR may still become a
 * reject of that line).
 */
public record RatedChunk(String source, String file, String fileName, int index, int totalChunks, int lines,
                         List<RatedCdr> cdrs, List<LineReject> rejects, List<Integer> cdrLines) implements Serializable {
    public RatedChunk {
        cdrs = List.copyOf(cdrs);
        rejects = List.copyOf(rejects);
        cdrLines = List.copyOf(cdrLines);
        if (cdrLines.size() != cdrs.size()) {
            throw new IllegalArgumentException("one line number per CDR: " + cdrLines.size() + " for " + cdrs.size());
        }
    }

    /** The reject of this chunk's {@code i}-th CDR's line, for a reason found after it was rated. */
    public LineReject rejectOf(int i, io.tollgrid.ingest.formats.RejectReason reason, String detail) {
        return new LineReject(source, file, fileName, cdrLines.get(i), cdrs.get(i).raw(), reason, detail);
    }

    public boolean isLast() {
        return totalChunks > 0;
    }
}
