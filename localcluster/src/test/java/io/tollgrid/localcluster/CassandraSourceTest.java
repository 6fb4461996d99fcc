package io.tollgrid.localcluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CassandraSourceTest {
    @Test
    void anExternalClusterWinsOverDockerAndForking() {
        assertEquals(CassandraSource.Kind.EXTERNAL, CassandraSource.choose(Map.of("TOLLGRID_CASSANDRA", "10.0.0.1:9042"), true));
    }

    @Test
    void dockerIsUsedWhenNoExternalClusterIsNamed() {
        assertEquals(CassandraSource.Kind.CONTAINER, CassandraSource.choose(Map.of(), true));
        assertEquals(CassandraSource.Kind.CONTAINER, CassandraSource.choose(Map.of("TOLLGRID_CASSANDRA", " "), true));
    }

    @Test
    void aForkedNodeIsTheLastResort() {
        assertEquals(CassandraSource.Kind.FORKED, CassandraSource.choose(Map.of(), false));
    }

    @Test
    void endpointSpecsRoundTrip() {
        CassandraEndpoint endpoint = CassandraEndpoint.parse("127.0.0.1:9142,127.0.0.2:9143;dc2");
        assertEquals(2, endpoint.contactPoints().size());
        assertEquals("dc2", endpoint.localDatacenter());
        assertEquals("127.0.0.1:9142,127.0.0.2:9143;dc2", endpoint.spec());
    }
}
