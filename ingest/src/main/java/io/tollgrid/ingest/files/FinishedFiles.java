package io.tollgrid.ingest.files;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sink tells the source which handed-on files it moved to done/, so that a new file dropped under the
 * same name is taken again. Both run on the one member that runs the source (the edges are local).
 */
final class FinishedFiles {
    private final Set<Path> finished = ConcurrentHashMap.newKeySet();

    void finished(Path incoming) {
        finished.add(incoming);
    }

    /** Forgets the finished files among these, removing them from the set given. */
    void forgetFinished(Set<Path> handedOn) {
        for (Path path : finished) {
            if (handedOn.remove(path)) {
                finished.remove(path);
            }
        }
    }
}
