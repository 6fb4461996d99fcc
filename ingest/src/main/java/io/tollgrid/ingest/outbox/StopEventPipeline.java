package io.tollgrid.ingest.outbox;

import io.tollgrid.ingest.files.Retention;
import java.util.function.ToIntFunction;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import io.tollgrid.grid.cdr.CdrOutbox;
import io.tollgrid.history.CdrStore;

/**
 * outbox (Ignite) → CDR → Cassandra. The grid's outbox (a {@link CdrOutbox} over the Ignite client) and the CDR
 * store are not serializable, so the stages find them in the Hazelcast member's user context under the keys below.
 */
public final class StopEventPipeline {
    public static final String JOB_NAME = "stop-events-to-cassandra";
    public static final String OUTBOX_KEY = "tollgrid.cdrOutbox";
    public static final String CDR_STORE_KEY = "tollgrid.cdrStore";
    /** A {@code ToIntFunction<String>}: a tenant's retention, the TTL its CDRs are written with. */
    public static final String RETENTION_KEY = "tollgrid.tenantRetention";

    private StopEventPipeline() {
    }

    public static Pipeline build() {
        StreamSource<OutboxItem> source = SourceBuilder
                .stream("grid-outbox", ctx -> new OutboxReader((CdrOutbox) ctx.hazelcastInstance().getUserContext().get(OUTBOX_KEY)))
                .<OutboxItem>fillBufferFn(OutboxReader::fill)
                .destroyFn(OutboxReader::close)
                .build();
        Sink<OutboxItem> sink = SinkBuilder
                .sinkBuilder("cassandra-cdrs", ctx -> new CdrWriter(
                        (CdrStore) ctx.hazelcastInstance().getUserContext().get(CDR_STORE_KEY),
                        (CdrOutbox) ctx.hazelcastInstance().getUserContext().get(OUTBOX_KEY),
                        retention(ctx.hazelcastInstance().getUserContext().get(RETENTION_KEY))))
                .<OutboxItem>receiveFn(CdrWriter::receive)
                .flushFn(CdrWriter::flush)
                .destroyFn(CdrWriter::close)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source).withoutTimestamps().writeTo(sink);
        return pipeline;
    }

    @SuppressWarnings("unchecked")
    private static ToIntFunction<String> retention(Object function) {
        return function == null ? Retention.DEFAULT_FOR_EVERY_TENANT
                : (ToIntFunction<String>) function;
    }
}
