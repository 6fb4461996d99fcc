package io.tollgrid.ops.sip;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Debian-packaged switch and SIP load tool, and the ops files the tests drive them with. A machine
 * without them fails the test with the setup step to run: a silently skipped switch test proves nothing.
 */
public final class SwitchTools {
    public static final String SETUP = "ops/switch/setup.sh";

    private SwitchTools() {
    }

    record Binaries(Path kamailio, Path sipp) {
    }

    static Binaries require() {
        Optional<Path> kamailio = find("kamailio");
        Optional<Path> sipp = find("sipp");
        List<String> missing = new ArrayList<>();
        if (kamailio.isEmpty()) {
            missing.add("kamailio (Debian packages kamailio, kamailio-utils-modules, kamailio-extra-modules, kamailio-json-modules)");
        }
        if (sipp.isEmpty()) {
            missing.add("sipp (Debian package sip-tester)");
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the real-switch test needs " + String.join(" and ", missing)
                    + "; install them with " + SETUP + " (as root or with sudo), which .ci/run runs before the build");
        }
        return new Binaries(kamailio.get(), sipp.get());
    }

    /** A program on PATH or in the system bin directories, where Debian packages put them. */
    public static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file under ops/, whether Maven runs the test from the ops module or from the repository root. */
    static Path opsFile(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve(relative), here.resolve("ops").resolve(relative))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("ops/" + relative + " not found from " + here);
    }
}
