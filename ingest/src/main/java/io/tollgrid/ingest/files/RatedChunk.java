package io.tollgrid.ingest.files;

import io.tollgrid.history.RatedCdr;

import java.io.Serializable;
import java.util.List;

/** What the lines of one {@link FileChunk} became: rated CDRs and rejects (header lines become neither). */
public record RatedChunk(String source, String file, String fileName, int index, int totalChunks, int lines,
                         List<RatedCdr> cdrs, List<LineReject> rejects) implements Serializable {
    public RatedChunk {
        cdrs = List.copyOf(cdrs);
        rejects = List.copyOf(rejects);
    }

    public boolean isLast() {
        return totalChunks > 0;
    }
}
