package io.tollgrid.localcluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkedJvmTest {
    /** What the forked JVM runs: prints its argument and exits. */
    public static final class Say {
        public static void main(String[] args) {
            System.out.println("said " + args[0]);
        }
    }

    @Test
    void aRestartedProcessSeesOnlyItsOwnOutputThoughTheLogKeepsTheEarlierRun(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        String classpath = Path.of(Say.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();

        ForkedJvm first = ForkedJvm.start("node", List.of(), classpath, Say.class.getName(), List.of("READY"), log);
        assertTrue(first.waitFor(Duration.ofSeconds(60)));
        assertEquals("said READY", first.logTail(5));
        ForkedJvm second = ForkedJvm.start("node", List.of(), classpath, Say.class.getName(), List.of("starting"), log);
        assertTrue(second.waitFor(Duration.ofSeconds(60)));

        assertEquals("said starting", second.logTail(5));
        assertFalse(second.hasLogged("READY"), "an earlier run's READY must not make a new one look ready");
        assertTrue(first.hasLogged("READY"));
        assertEquals(List.of("said READY", "said starting"), Files.readAllLines(log));
    }

    @Test
    void waitingForAMarkerFailsWithTheLogWhenTheProcessExitsWithoutIt(@TempDir Path dir) throws Exception {
        String classpath = Path.of(Say.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ForkedJvm said = ForkedJvm.start("node", List.of(), classpath, Say.class.getName(), List.of("READY"), dir.resolve("a.log"));
        assertEquals(said, said.awaitLogged("READY", Duration.ofSeconds(60)));

        ForkedJvm quiet = ForkedJvm.start("node", List.of(), classpath, Say.class.getName(), List.of("bye"), dir.resolve("b.log"));
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> quiet.awaitLogged("READY", Duration.ofSeconds(60)));
        assertTrue(failure.getMessage().contains("said bye"), failure.getMessage());
    }
}
