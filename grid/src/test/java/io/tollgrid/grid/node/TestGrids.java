package io.tollgrid.grid.node;

import io.tollgrid.localcluster.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Grid settings for tests: a private discovery range, so tests never join a developer's local stack. */
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
}
