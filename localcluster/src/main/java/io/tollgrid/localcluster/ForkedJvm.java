package io.tollgrid.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM started from this one. Its output goes to a log file, it exits when this JVM dies
 * (see {@link ExitWithParent}), and {@link #close()} stops it with SIGTERM, then SIGKILL.
 */
public final class ForkedJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    /** Where this process's output begins in the log: earlier runs of the same name wrote what comes before. */
    private final long logStart;

    private ForkedJvm(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param jvmOptions options before the main class (heap, -D, --add-opens)
     * @param classpath  the child's classpath; this module's classes are added so ExitWithParent is found
     */
    public static ForkedJvm start(String name, List<String> jvmOptions, String classpath, String mainClass,
                                  List<String> args, Path log) {
        return start(name, List.of(), jvmOptions, classpath, mainClass, args, log);
    }

    /**
     * Starts {@code mainClass} in a new JVM run through {@code launcher}, a command that ends by exec'ing its
     * arguments, so that the process started is the JVM itself (e.g. {@code ip netns exec NAME}: the JVM then
     * lives in that network namespace, and SIGTERM and SIGKILL reach it directly).
     */
    public static ForkedJvm start(String name, List<String> launcher, List<String> jvmOptions, String classpath,
                                  String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath + java.io.File.pathSeparator + ownLocation());
        command.add(ExitWithParent.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new ForkedJvm(name, process, log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the localcluster classes", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String name() {
        return name;
    }

    /**
     * The last lines this process wrote to its log (never an earlier run's), for readiness checks and for error
     * messages when the child fails to start.
     */
    public String logTail(int lines) {
        try {
            List<String> all = ownOutput().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** True once this process (not an earlier run with the same log) has written the marker, at any point. */
    public boolean hasLogged(String marker) {
        try {
            return ownOutput().contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until this process has logged the marker (e.g. the READY line every Tollgrid main prints once it
     * serves), polling its own output. Fails with the log tail if the process exits first or the time runs out.
     */
    public ForkedJvm awaitLogged(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasLogged(marker)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited before logging " + marker + "; see " + log + "\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log " + marker + " within " + timeout + "; see " + log
                        + "\n" + logTail(30));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        return this;
    }

    private String ownOutput() throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(Math.min(logStart, channel.size()));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** kill -9, as a crashed machine would. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if it has not ended within the grace period. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(grace)) {
            kill();
        }
    }

    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
