package io.tollgrid.ops.hosts;

import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.localcluster.ForkedCassandra;
import io.tollgrid.localcluster.ForkedJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Test "hosts" on one machine: a bridge and N network namespaces hanging off it, each with its own 10.x address,
 * so that processes bound to those addresses talk as separate machines would. A host is partitioned by taking the
 * host side of its veth down and healed by bringing it up. Everything (processes, namespaces, veths, bridge) is
 * removed by {@link #close()}, and by a shutdown hook if the test JVM ends first, even when a test fails.
 *
 * <p>Names carry a prefix unique to the run ({@code tg} plus five random characters), so parallel or leftover
 * runs never collide. Needs root ({@code ip netns}); {@link #create} fails with a clear message otherwise.
 * Traffic stays inside the namespaces: the bridge has no address (unless a test gives it one for a proxy, with
 * {@link #addBridgeAddress}) and no route leads out of it.
 */
public final class TestHosts implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One test host.
     *
     * @param index     1..N
     * @param namespace its network namespace
     * @param veth      the host (bridge) side of its link: down is a partition
     * @param address   its IPv4 address on the bridge's /24
     */
    public record Host(int index, String namespace, String veth, String address) {
    }

    /** The outcome of a command: its exit code and its output (stdout and stderr together). */
    public record Result(int exit, String output) {
    }

    private final String prefix;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final List<ForkedJvm> processes = new CopyOnWriteArrayList<>();
    private final Thread cleanupHook;
    private volatile boolean closed;

    private TestHosts(String prefix, String subnet, int count) {
        this.prefix = prefix;
        this.bridge = prefix + "br";
        for (int i = 1; i <= count; i++) {
            hosts.add(new Host(i, prefix + "h" + i, prefix + "v" + i, subnet + "." + (10 + i)));
        }
        cleanupHook = new Thread(this::cleanUp, prefix + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /** Creates {@code count} hosts on a fresh bridge; fails clearly without root. */
    public static TestHosts create(int count) {
        if (count < 1 || count > 20) {
            throw new IllegalArgumentException("1..20 hosts, not " + count);
        }
        requireRoot();
        String prefix = "tg" + randomName(5);
        TestHosts hosts = new TestHosts(prefix, freeSubnet(), count);
        try {
            hosts.build();
            return hosts;
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** Fails with a message that says why, unless this JVM runs as root with {@code ip} on its path. */
    public static void requireRoot() {
        Result id = run(List.of("id", "-u"));
        if (id.exit() != 0 || !id.output().trim().equals("0")) {
            throw new IllegalStateException("test hosts need root: they create network namespaces, veths and a bridge "
                    + "with 'ip netns'/'ip link' (CI runs as root); this JVM runs as uid " + id.output().trim());
        }
        if (run(List.of("ip", "netns", "list")).exit() != 0) {
            throw new IllegalStateException("test hosts need iproute2's 'ip netns' on the PATH");
        }
    }

    private void build() {
        must("ip", "link", "add", bridge, "type", "bridge");
        must("ip", "link", "set", bridge, "up");
        for (Host host : hosts) {
            must("ip", "netns", "add", host.namespace());
            must("ip", "link", "add", host.veth(), "type", "veth", "peer", "name", "eth0", "netns", host.namespace());
            must("ip", "link", "set", host.veth(), "master", bridge, "up");
            must("ip", "-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", "eth0");
            must("ip", "-n", host.namespace(), "link", "set", "eth0", "up");
            must("ip", "-n", host.namespace(), "link", "set", "lo", "up");
        }
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** Host {@code index}, counted from 1. */
    public Host host(int index) {
        return hosts.get(index - 1);
    }

    /** The prefix of every name this run created. */
    public String prefix() {
        return prefix;
    }

    /** Runs a command inside the host's namespace and waits for it (30 s at most). */
    public Result exec(Host host, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        full.addAll(List.of(command));
        return run(full);
    }

    /**
     * Starts {@code mainClass} in a JVM inside the host's namespace, on the test classpath with the Ignite JVM
     * flags the build uses (plus {@code jvmOptions}). It is stopped by {@link #close()} if the test has not.
     */
    public ForkedJvm startJvm(Host host, String name, String mainClass, List<String> jvmOptions, List<String> args, Path log) {
        return startJvm(host, name, mainClass, List.of(), jvmOptions, args, log);
    }

    /**
     * As {@link #startJvm(Host, String, String, List, List, Path)}, with {@code environment} ({@code NAME=value}
     * entries, through {@code env}) added to the JVM's environment: {@code LD_PRELOAD} of libfaketime, for example.
     */
    public ForkedJvm startJvm(Host host, String name, String mainClass, List<String> environment, List<String> jvmOptions,
                              List<String> args, Path log) {
        List<String> options = new ArrayList<>(BuildProperties.igniteJvmFlags());
        options.add("-Djava.net.preferIPv4Stack=true");
        options.addAll(jvmOptions);
        List<String> launcher = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        if (!environment.isEmpty()) {
            launcher.add("env");
            for (String variable : environment) {
                if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    throw new IllegalArgumentException("not NAME=value: " + variable);
                }
                launcher.add(variable);
            }
        }
        ForkedJvm jvm = ForkedJvm.start(name, launcher, options, System.getProperty("java.class.path"), mainClass, args, log);
        processes.add(jvm);
        return jvm;
    }

    /** Starts a Cassandra node on the host, bound to its address (CQL on {@code cqlPort}); stopped by {@link #close()}. */
    public ForkedCassandra startCassandra(Host host, Path dataDir, int cqlPort) {
        ForkedCassandra cassandra = ForkedCassandra.start(dataDir, host.address(), cqlPort, "512M", true,
                List.of("ip", "netns", "exec", host.namespace()));
        processes.add(cassandra.jvm());
        return cassandra;
    }

    /**
     * Gives the bridge (the machine's own namespace) the address {@code x.y.z.lastOctet} on the hosts' /24, so that
     * a process of this JVM can listen there and reach the hosts (a proxy in the path between them). Removed with
     * the bridge. Host addresses are {@code .11} upwards: pick one outside them.
     */
    public String addBridgeAddress(int lastOctet) {
        if (lastOctet < 100 || lastOctet > 250) {
            throw new IllegalArgumentException("a bridge address is .100 to .250, not ." + lastOctet);
        }
        String first = hosts.get(0).address();
        String address = first.substring(0, first.lastIndexOf('.') + 1) + lastOctet;
        must("ip", "addr", "add", address + "/24", "dev", bridge);
        return address;
    }

    /** Cuts the host off the bridge: its peers' packets to it, and its packets to them, are dropped. */
    public void partition(Host host) {
        must("ip", "link", "set", host.veth(), "down");
    }

    /** Puts the host back on the bridge. */
    public void heal(Host host) {
        must("ip", "link", "set", host.veth(), "up");
    }

    /** Stops every process started here, then removes the namespaces, their veths and the bridge. */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        for (ForkedJvm process : processes) {
            process.stop(Duration.ofSeconds(10));
        }
        for (Host host : hosts) {
            // Anything else left running inside the namespace (a command a test started) goes too.
            Result pids = run(List.of("ip", "netns", "pids", host.namespace()));
            if (pids.exit() == 0) {
                pids.output().lines().map(String::trim).filter(line -> line.matches("[0-9]+"))
                        .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            }
            run(List.of("ip", "netns", "del", host.namespace()));
            run(List.of("ip", "link", "del", host.veth()));
        }
        run(List.of("ip", "link", "del", bridge));
    }

    /** Names of namespaces or links this run left behind; empty after {@link #close()}. */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>();
        run(List.of("ip", "netns", "list")).output().lines().map(line -> line.split("\\s+")[0])
                .filter(name -> name.startsWith(prefix)).forEach(left::add);
        run(List.of("ip", "-o", "link", "show")).output().lines().map(line -> line.split(":\\s+")[1].split("@")[0])
                .filter(name -> name.startsWith(prefix)).forEach(left::add);
        return left;
    }

    private static String randomName(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    /** A 10.x.y.0/24 that no route of this machine already covers. */
    private static String freeSubnet() {
        String routes = run(List.of("ip", "-4", "route", "show", "table", "all")).output()
                + run(List.of("ip", "-4", "-o", "addr", "show")).output();
        for (int attempt = 0; attempt < 100; attempt++) {
            String subnet = "10." + (100 + RANDOM.nextInt(100)) + "." + RANDOM.nextInt(256);
            if (!routes.contains(subnet + ".") && !routes.contains(" 10.0.0.0/8")) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 for test hosts; routes:\n" + routes);
    }

    private static void must(String... command) {
        Result result = run(List.of(command));
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exit() + "): " + result.output());
        }
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
