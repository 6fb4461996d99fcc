package io.tollgrid.localcluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * JUnit 5 extension that shares one Cassandra across the whole test run (one test JVM) and stops it
 * when the run ends. Tests receive a {@link CassandraEndpoint} parameter, or call {@link #endpoint}.
 */
public final class CassandraExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CassandraExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    public static CassandraEndpoint endpoint(ExtensionContext context) {
        return shared(context).endpoint();
    }

    private static RunningCassandra shared(ExtensionContext context) {
        // The root store lives for the whole run and closes its AutoCloseable values at the end.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningCassandra.class,
                key -> new Holder(CassandraSource.start(System.getenv(), Path.of("target"))), Holder.class).node;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CassandraEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoint(context);
    }

    @SuppressWarnings("deprecation")
    private record Holder(RunningCassandra node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            node.close();
        }
    }
}
