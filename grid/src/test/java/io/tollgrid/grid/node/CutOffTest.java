package io.tollgrid.grid.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files side of {@link CutOff}; the chaos run (-Pchaos, fault 4) shows the whole of it on three test hosts. */
class CutOffTest {
    @TempDir
    Path work;

    @Test
    void settingAsideMovesOnlyThisNodesDataWalAndArchiveAndRemovesItsMark() throws IOException {
        for (String folder : new String[]{"grid_3", "grid_1"}) {
            Files.createDirectories(work.resolve("db").resolve(folder).resolve("cache-accounts"));
            Files.writeString(work.resolve("db").resolve(folder).resolve("cache-accounts").resolve("part-1.bin"), folder);
            Files.createDirectories(work.resolve("db").resolve("wal").resolve(folder));
            Files.createDirectories(work.resolve("db").resolve("wal").resolve("archive").resolve(folder));
        }
        Files.createDirectories(work.resolve("db").resolve("marshaller"));
        Path marker = CutOff.marker(work, "grid-3");
        Files.writeString(marker, "2026-12-03T15:00:00Z no grid quorum for 30 s\n");

        Path set = CutOff.setAside(work, "grid-3");

        assertEquals("grid_3", Files.readString(set.resolve("db").resolve("cache-accounts").resolve("part-1.bin")));
        assertTrue(Files.isDirectory(set.resolve("wal")));
        assertTrue(Files.isDirectory(set.resolve("wal-archive")));
        assertFalse(Files.exists(work.resolve("db").resolve("grid_3")), "no data left to start with");
        assertFalse(Files.exists(work.resolve("db").resolve("wal").resolve("grid_3")), "no WAL left to replay");
        assertFalse(Files.exists(work.resolve("db").resolve("wal").resolve("archive").resolve("grid_3")));
        assertFalse(Files.exists(marker), "the node starts unmarked");
        assertTrue(Files.exists(work.resolve("db").resolve("grid_1").resolve("cache-accounts").resolve("part-1.bin")),
                "another node's files in the same work directory stay");
        assertTrue(Files.exists(work.resolve("db").resolve("wal").resolve("grid_1")));
        assertTrue(Files.isDirectory(work.resolve("db").resolve("marshaller")));
    }

    @Test
    void onlyTheNewestSetsAsideAreKept() throws IOException, InterruptedException {
        for (int i = 0; i < CutOff.SETS_KEPT + 2; i++) {
            Files.createDirectories(work.resolve("db").resolve("grid_3"));
            CutOff.setAside(work, "grid-3");
            Thread.sleep(5); // the sets are named to the millisecond
        }
        try (Stream<Path> sets = Files.list(work.resolve("set-aside"))) {
            assertEquals(CutOff.SETS_KEPT, sets.count());
        }
    }

    @Test
    void looksThatFoundNobodyAreCountedInTheMarkAndStartAgainAfterAnyOtherLook() throws IOException {
        Path marker = CutOff.marker(work, "grid-2");
        Files.writeString(marker, "2026-12-03T15:00:00Z no grid quorum for 30 s\n");
        assertEquals(0, CutOff.nobodyAttempts(marker));
        CutOff.recordNobody(marker);
        CutOff.recordNobody(marker);
        assertEquals(2, CutOff.nobodyAttempts(marker));
        CutOff.resetNobody(marker);
        assertEquals(0, CutOff.nobodyAttempts(marker));
        assertEquals("2026-12-03T15:00:00Z no grid quorum for 30 s", Files.readAllLines(marker).get(0));
    }
}
