package io.tollgrid.ingest.push;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.formats.RejectReason;

import java.util.List;

/** The push sources' Prometheus series, one registration per JVM. */
final class PushCounters {
    static final Counter RECEIVED = Counter.build("tollgrid_ingest_pushed_records_total",
            "CDR lines (TCP) and documents (HTTP) received from push sources, by source.").labelNames("source").register();
    static final Counter CDRS_WRITTEN = Counter.build("tollgrid_ingest_pushed_cdrs_written_total",
            "Rated CDRs from push sources written to Cassandra, by source.").labelNames("source").register();
    static final Counter REJECTED = Counter.build("tollgrid_ingest_pushed_rejected_total",
            "Pushed records stored as rejects, by source and reason.").labelNames("source", "reason").register();
    static final Counter KEEP_ALIVES = Counter.build("tollgrid_ingest_tcp_empty_lines_total",
            "Empty lines (keep-alives) read from TCP CDR sources, skipped, by source.").labelNames("source").register();
    static final Gauge CONNECTIONS = Gauge.build("tollgrid_ingest_tcp_connections",
            "Open connections of TCP CDR sources, by source.").labelNames("source").register();
    static final Counter REFUSED = Counter.build("tollgrid_ingest_push_refused_total",
            "Connections and requests refused before anything was stored (peer not allowed, too many connections,"
                    + " wrong key, body too large), by source and why.").labelNames("source", "why").register();

    private PushCounters() {
    }

    static void exportAtZero(List<FileSource> sources) {
        for (FileSource source : sources) {
            RECEIVED.labels(source.id());
            CDRS_WRITTEN.labels(source.id());
            for (RejectReason reason : RejectReason.values()) {
                REJECTED.labels(source.id(), reason.name());
            }
        }
    }
}
