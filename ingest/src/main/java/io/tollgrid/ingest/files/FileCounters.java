package io.tollgrid.ingest.files;

import io.prometheus.client.Counter;
import io.tollgrid.ingest.formats.RejectReason;

import java.util.List;

/** The file import's Prometheus counters, one registration per JVM. */
final class FileCounters {
    static final Counter LINES_READ = Counter.build("tollgrid_ingest_file_lines_read_total",
            "Lines read from CDR files (headers included), by source.").labelNames("source").register();
    static final Counter CDRS_WRITTEN = Counter.build("tollgrid_ingest_file_cdrs_written_total",
            "Rated CDRs from files written to Cassandra, by source.").labelNames("source").register();
    static final Counter LINES_REJECTED = Counter.build("tollgrid_ingest_file_lines_rejected_total",
            "Lines of CDR files stored as rejects, by source and reason.").labelNames("source", "reason").register();
    static final Counter FILES_DONE = Counter.build("tollgrid_ingest_files_done_total",
            "CDR files fully written and moved to done/, by source.").labelNames("source").register();

    private FileCounters() {
    }

    /**
     * Exports every source's counters at 0 before its first file, so that Prometheus sees the series
     * (and rates and alerts work) from the start, not from the first line read.
     */
    static void exportAtZero(List<FileSource> sources) {
        for (FileSource source : sources) {
            LINES_READ.labels(source.id());
            CDRS_WRITTEN.labels(source.id());
            FILES_DONE.labels(source.id());
            for (RejectReason reason : RejectReason.values()) {
                LINES_REJECTED.labels(source.id(), reason.name());
            }
        }
    }
}
