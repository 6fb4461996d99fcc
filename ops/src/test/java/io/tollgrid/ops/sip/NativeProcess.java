package io.tollgrid.ops.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A native program (kamailio, sipp) started by a test. It runs under a small bash watchdog that ends it when
 * this JVM is gone, the same promise {@code ExitWithParent} gives forked JVMs: a test killed with -9 leaves
 * no switch behind. {@link #close()} stops it and every process it forked (kamailio's workers).
 */
final class NativeProcess implements AutoCloseable {
    private static final String WATCHDOG = String.join("\n",
            "parent=$1; shift",
            "\"$@\" &",
            "child=$!",
            "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT",
            "while kill -0 $child 2>/dev/null; do",
            "  if ! kill -0 $parent 2>/dev/null; then",
            "    kill -TERM $child 2>/dev/null; sleep 3; kill -KILL $child 2>/dev/null; exit 137",
            "  fi",
            "  sleep 0.5",
            "done",
            "wait $child");

    private final String name;
    private final Process process;
    private final Path log;

    private NativeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static NativeProcess start(String name, List<String> command, Path workDir, Path log) {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "watchdog",
                Long.toString(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(wrapped)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new NativeProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The exit code, or empty if it is still running after {@code timeout}. */
    java.util.OptionalInt waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.empty();
        }
    }

    /** Every process this one started, watchdog included, so a test can prove none is left. */
    List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        return all;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM through the watchdog, then SIGKILL to whatever of the tree is still there. */
    @Override
    public void close() {
        List<ProcessHandle> tree = tree();
        process.destroy();
        waitFor(Duration.ofSeconds(10));
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the callers that check for orphans
            }
        }
    }
}
