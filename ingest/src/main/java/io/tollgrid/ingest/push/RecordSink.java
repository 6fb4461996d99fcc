package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.FileSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where a push source hands what it received: {@link PushedLines} (Cassandra), or a test's hand-held stand-in. */
interface RecordSink {
    /** Completes when every record is archived. */
    CompletableFuture<Void> archive(FileSource source, List<PushedLines.Received> records, String via);

    /** Completes when every archived record's CDR or reject is written. */
    CompletableFuture<List<PushedLines.Outcome>> rateAndWrite(FileSource source, List<PushedLines.Received> records, String via);
}
