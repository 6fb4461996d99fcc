package io.tollgrid.ingest.files;

import com.hazelcast.jet.core.ProcessorSupplier;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.ServiceFactories;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import io.tollgrid.history.CdrStore;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * incoming/ files → archive raw lines → parse and price → CDRs and rejects in Cassandra → done/.
 *
 * <p>A chunk reaches the parser only after its raw lines are stored (the archive stage completes its future
 * on the write's acknowledgement), so no line is parsed, let alone dropped, before it is archived. The source
 * is not distributed (one processor in the cluster lists the directories) and the sink has one processor,
 * which sees every chunk of a file and moves the file when all its writes are done. The stages find the
 * non-serializable objects in the member's user context under the keys below.
 */
public final class CdrFilePipeline {
    public static final String JOB_NAME = "cdr-files-to-cassandra";
    public static final String SETTINGS_KEY = "tollgrid.files.settings";
    public static final String ARCHIVE_KEY = "tollgrid.files.archive";
    public static final String RATING_KEY = "tollgrid.files.rating";
    public static final String FINISHED_KEY = "tollgrid.files.finished";
    /** The {@link io.tollgrid.ingest.posting.CdrPoster}, present when some source posts to the ledger. */
    public static final String POSTER_KEY = "tollgrid.files.poster";
    /** Archive writes in flight per archive processor; each is one chunk (a few batches). */
    static final int ARCHIVE_CONCURRENCY = 16;

    private CdrFilePipeline() {
    }

    /**
     * What the ingest process puts into the Hazelcast member's user context for this job; the sources'
     * counters start being exported here, at 0.
     */
    public static Map<String, Object> userContext(FileIngestSettings settings, LineArchive archive, PlanPrices prices) {
        FileCounters.exportAtZero(settings.sources());
        return Map.of(SETTINGS_KEY, settings, ARCHIVE_KEY, archive,
                RATING_KEY, new LineRating(byId(settings), prices), FINISHED_KEY, new FinishedFiles());
    }

    public static Pipeline build(String cdrStoreKey) {
        StreamSource<FileChunk> source = SourceBuilder
                .stream("cdr-files", ctx -> {
                    Map<String, Object> context = ctx.hazelcastInstance().getUserContext();
                    FileIngestSettings settings = (FileIngestSettings) context.get(SETTINGS_KEY);
                    return new IncomingFiles(settings.sources(), settings.pollMillis(), settings.settleMillis(),
                            (FinishedFiles) context.get(FINISHED_KEY));
                })
                .<FileChunk>fillBufferFn(IncomingFiles::fill)
                .destroyFn(IncomingFiles::close)
                .build();
        Sink<RatedChunk> sink = SinkBuilder
                .sinkBuilder("cdr-file-rows", ctx -> {
                    Map<String, Object> context = ctx.hazelcastInstance().getUserContext();
                    return new CdrFileWriter((CdrStore) context.get(cdrStoreKey), (LineArchive) context.get(ARCHIVE_KEY),
                            byId((FileIngestSettings) context.get(SETTINGS_KEY)), (FinishedFiles) context.get(FINISHED_KEY),
                            (io.tollgrid.ingest.posting.CdrPoster) context.get(POSTER_KEY));
                })
                .<RatedChunk>receiveFn(CdrFileWriter::receive)
                .preferredLocalParallelism(1)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source).withoutTimestamps()
                .mapUsingServiceAsync(ServiceFactories.sharedService(
                                (ProcessorSupplier.Context ctx) -> (LineArchive) ctx.hazelcastInstance().getUserContext().get(ARCHIVE_KEY)),
                        ARCHIVE_CONCURRENCY, false, (archive, chunk) -> archive.store(chunk).thenApply(stored -> chunk))
                .setName("archive-raw-lines")
                // Not cooperative: a new deck version is compiled, and a flat plan read from the grid, on this thread.
                .mapUsingService(ServiceFactories.sharedService(
                                (ProcessorSupplier.Context ctx) -> (LineRating) ctx.hazelcastInstance().getUserContext().get(RATING_KEY))
                                .toNonCooperative(),
                        LineRating::rate)
                .setName("parse-and-price")
                .writeTo(sink);
        return pipeline;
    }

    static Map<String, FileSource> byId(FileIngestSettings settings) {
        return settings.sources().stream().collect(Collectors.toMap(FileSource::id, Function.identity()));
    }
}
