package io.tollgrid.loadtests.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL server in a data directory of our own, run as the {@code postgres} user (it refuses to
 * run as root), on loopback only, with fsync and synchronous commit on: a billing database that loses no
 * acknowledged charge, as the SQL-row designs run it.
 */
public final class Postgres implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final int port;

    private Postgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** Deletes {@code dir}, creates a new cluster in it and starts it. */
    public static Postgres start(Path dir, int port) throws IOException, InterruptedException {
        Path bin = binDir();
        Path data = dir.resolve("data");
        FreshState.delete(dir);
        Files.createDirectories(data);
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8"), dir.resolve("initdb.log"));
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "120", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=on"
                        + " -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB -c max_connections=100",
                "start"), dir.resolve("pg_ctl.log"));
        return new Postgres(bin, data, port);
    }

    /** The postmaster's pid: the first line of postmaster.pid, written by the server itself. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The newest installed server; Debian puts each major version under /usr/lib/postgresql/N/bin. */
    private static Path binDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install -y postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root));
        }
    }

    private static void asPostgres(List<String> command, Path log) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log + "\n" + Files.readString(log));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    @Override
    public void close() {
        try {
            asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                    data.getParent().resolve("pg_ctl.log"));
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("stopping PostgreSQL failed: " + e.getMessage());
        }
    }
}
