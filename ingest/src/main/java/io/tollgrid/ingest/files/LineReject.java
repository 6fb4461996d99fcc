package io.tollgrid.ingest.files;

import io.tollgrid.ingest.formats.RejectReason;

import java.io.Serializable;

/** A line that became no CDR, as the reject store keeps it. */
public record LineReject(String source, String file, String fileName, int line, String raw, RejectReason reason,
                         String detail) implements Serializable {
}
