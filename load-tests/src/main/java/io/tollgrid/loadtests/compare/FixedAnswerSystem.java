package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.localcluster.FreePorts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** (b) The limit: {@link FixedAnswerServer} in its own JVM. */
final class FixedAnswerSystem implements SystemUnderTest {
    private final Path dir;
    private final int port = FreePorts.next();
    private ForkedJvm server;

    FixedAnswerSystem(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "empty";
    }

    @Override
    public void start() throws Exception {
        server = ForkedServer.start("fixed-answer", FixedAnswerServer.class, List.of(Integer.toString(port)), dir);
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of("fixed-answer", server.pid());
    }

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public void provision(CallMix mix) {
        // nothing to load: it answers ALLOW to everyone
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
