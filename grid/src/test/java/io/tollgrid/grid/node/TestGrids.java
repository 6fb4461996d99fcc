package io.tollgrid.grid.node;

import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.localcluster.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Grid settings and server JVMs for tests, on a private discovery range so tests never join a local stack. */
public final class TestGrids {
    private TestGrids() {
    }

    public static GridSettings settings(String name) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "grid-");
            return new GridSettings(name, FreePorts.nextRange(10), 10, FreePorts.nextRange(50), dir, true,
                    128L * 1024 * 1024, 1, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts GridServerMain in its own JVM, as production runs it. The node's work directory depends only on
     * its name, so starting the same name again restarts it from its persistent files.
     */
    public static ForkedJvm startServerJvm(GridSettings settings, String name) {
        try {
            Path config = settings.workDir().resolve(name + ".properties");
            Files.writeString(config, String.join("\n",
                    "grid.instance.name=" + name,
                    "grid.discovery.port=" + settings.discoveryPort(),
                    "grid.discovery.ports=" + settings.discoveryPorts(),
                    "grid.communication.port=" + settings.communicationPort(),
                    "grid.work.dir=" + settings.workDir().resolve(name),
                    "grid.data.region.mb=128",
                    "# Several nodes share this host; the endpoint itself is tested by LocalStackTest.",
                    "grid.metrics.port=0",
                    "grid.expected.servers=" + settings.expectedServers(),
                    ""));
            List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
            options.add("-Xmx384m");
            options.add("-XX:+UseSerialGC");
            return ForkedJvm.start(name, options, System.getProperty("java.class.path"), GridServerMain.class.getName(),
                    List.of(config.toString()), settings.workDir().resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the READY line this run of the server prints once it is active; fails with the log tail if it dies. */
    public static ForkedJvm awaitReady(ForkedJvm server) {
        return server.awaitLogged("READY", Duration.ofSeconds(180));
    }
}
