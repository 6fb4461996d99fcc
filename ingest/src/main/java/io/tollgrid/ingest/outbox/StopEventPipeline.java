package io.tollgrid.ingest.outbox;

import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import io.tollgrid.history.CdrStore;
import org.apache.ignite.Ignite;

/**
 * outbox (Ignite) → CDR → Cassandra. The Ignite client and the CDR store are not serializable, so the
 * stages find them in the Hazelcast member's user context under the keys below.
 */
public final class StopEventPipeline {
    public static final String JOB_NAME = "stop-events-to-cassandra";
    public static final String IGNITE_KEY = "tollgrid.ignite";
    public static final String CDR_STORE_KEY = "tollgrid.cdrStore";

    private StopEventPipeline() {
    }

    public static Pipeline build() {
        StreamSource<OutboxItem> source = SourceBuilder
                .stream("grid-outbox", ctx -> new OutboxReader((Ignite) ctx.hazelcastInstance().getUserContext().get(IGNITE_KEY)))
                .<OutboxItem>fillBufferFn(OutboxReader::fill)
                .destroyFn(OutboxReader::close)
                .build();
        Sink<OutboxItem> sink = SinkBuilder
                .sinkBuilder("cassandra-cdrs", ctx -> new CdrWriter(
                        (CdrStore) ctx.hazelcastInstance().getUserContext().get(CDR_STORE_KEY),
                        (Ignite) ctx.hazelcastInstance().getUserContext().get(IGNITE_KEY)))
                .<OutboxItem>receiveFn(CdrWriter::receive)
                .flushFn(CdrWriter::flush)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source).withoutTimestamps().writeTo(sink);
        return pipeline;
    }
}
