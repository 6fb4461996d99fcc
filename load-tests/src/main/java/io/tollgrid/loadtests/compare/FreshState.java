package io.tollgrid.loadtests.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Every system starts on an empty data directory, so no run measures what the previous one left behind. */
final class FreshState {
    private FreshState() {
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            System.out.println("fresh state: " + dir + " did not exist");
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        System.out.println("fresh state: deleted " + dir);
    }
}
