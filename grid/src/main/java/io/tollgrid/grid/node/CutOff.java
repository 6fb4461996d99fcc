package io.tollgrid.grid.node;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.internal.util.typedef.internal.U;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The copies of a node that was cut off from the majority must never become the owners of data the majority changed
 * without it (docs/deployment.md, "A node killed while another is cut off").
 *
 * <p>Why: when a partition loses every copy (its two holders are gone: one cut off, then the other killed), Ignite keeps
 * it lost, and a copy that comes back to a grid where its partition is lost has its update counter reset. At
 * {@code resetLostPartitions} every copy present then has the same counter, so Ignite makes them all owners without
 * rebalancing: the cut-off node's older copy and the killed node's newer one both stay, and whichever is the primary
 * answers. The chaos run lost 21-37 acknowledged stops this way, all of them charged on the killed node between the
 * cut-off node's departure and the kill.
 *
 * <p>So a node that ends itself for lack of quorum leaves a mark in its work directory ({@link #mark}). Marked, it
 * starts only after it has looked at the grid through a client node ({@link #probe}):
 * <ul>
 *   <li>an active grid whose <em>unmarked</em> baseline nodes hold a majority without it ran on without it: partitions
 *   lost meanwhile are reset first, with the majority's copies ({@link #resetLostWithoutUs}; only when every other
 *   baseline node is present), then it moves its data, WAL and WAL archive aside ({@link #setAside}) and joins empty, to
 *   be filled from the owners;</li>
 *   <li>an inactive grid (the whole grid restarting from its files): it starts with its data, as every node does;</li>
 *   <li>an active grid without such a majority (the node the majority needs is still down): it does not join, and
 *   ends to be started again, until that majority is back;</li>
 *   <li>no grid at all (still cut off, or everyone down): it ends to be started again, and after
 *   {@link #NOBODY_ATTEMPTS} such looks in a row starts with its data, so that a grid that went down whole can form.</li>
 * </ul>
 * The quorum watch never resets lost partitions while a marked node is present, and a marked node that finds lost
 * partitions while unmarked nodes hold a majority without it ends itself (to come back empty). The mark is removed
 * once the whole baseline is present with no partition lost.
 */
final class CutOff {
    private static final Logger LOG = LoggerFactory.getLogger(CutOff.class);
    /** Looks in a row that found no grid before a marked node starts with its data. */
    static final int NOBODY_ATTEMPTS = 3;
    /** How many sets of files moved aside are kept; older ones are deleted. */
    static final int SETS_KEPT = 3;
    private static final long PROBE_JOIN_MILLIS = 10_000;
    private static final long ASK_MILLIS = 10_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private CutOff() {
    }

    /** What a marked node found when it looked at the grid before starting. */
    enum Probe {
        /** An active grid whose unmarked baseline nodes hold a majority without this one. */
        MAJORITY_WITHOUT_US,
        /** A grid that is not active: it is restarting from its files. */
        INACTIVE,
        /** An active grid without an unmarked majority. */
        ACTIVE_WITHOUT_MAJORITY,
        /** No server answered. */
        NOBODY
    }

    static Path marker(Path workDirectory, String instanceName) {
        return workDirectory.resolve(U.maskForFileName(instanceName) + ".cut-off");
    }

    static Path marker(Ignite ignite) {
        return marker(Path.of(ignite.configuration().getWorkDirectory()), ignite.name());
    }

    /** Only a node with persistent files can come back with old copies; an in-memory node is never marked. */
    static boolean persistent(Ignite ignite) {
        DataStorageConfiguration storage = ignite.configuration().getDataStorageConfiguration();
        return storage != null && storage.getDefaultDataRegionConfiguration().isPersistenceEnabled();
    }

    static boolean marked(Ignite ignite) {
        return persistent(ignite) && Files.exists(marker(ignite));
    }

    /** Marks this node as cut off: its copies may miss what the majority wrote since. */
    static void mark(Ignite ignite, String why) {
        if (!persistent(ignite)) {
            return;
        }
        try {
            Files.writeString(marker(ignite), Instant.now() + " " + why + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + ignite.name() + " as cut off", e);
        }
    }

    static void clear(Ignite ignite) {
        try {
            Files.deleteIfExists(marker(ignite));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the cut-off mark of " + ignite.name(), e);
        }
    }

    /** How many looks in a row found no grid (lines after the first of the mark). */
    static int nobodyAttempts(Path marker) throws IOException {
        return Math.max(0, Files.readAllLines(marker).size() - 1);
    }

    /** Keeps only the first line of the mark: the count of looks that found nobody starts again. */
    static void resetNobody(Path marker) throws IOException {
        Files.writeString(marker, Files.readAllLines(marker).get(0) + "\n");
    }

    static void recordNobody(Path marker) throws IOException {
        Files.writeString(marker, Files.readString(marker) + Instant.now() + " no grid found\n");
    }

    /**
     * Moves this node's data, WAL and WAL archive to {@code set-aside/<node>-<UTC time>} in the work directory and
     * removes its mark; the node then starts with no data and rebalances everything from the owners. Keeps the newest
     * {@link #SETS_KEPT} such sets for an operator.
     *
     * @return where the files went
     */
    static Path setAside(Path workDirectory, String consistentId) throws IOException {
        String folder = U.maskForFileName(consistentId);
        Path db = workDirectory.resolve("db");
        Path sets = workDirectory.resolve("set-aside");
        Path target = sets.resolve(folder + "-" + STAMP.format(Instant.now()));
        Files.createDirectories(target);
        move(db.resolve(folder), target.resolve("db"));
        move(db.resolve("wal").resolve(folder), target.resolve("wal"));
        move(db.resolve("wal").resolve("archive").resolve(folder), target.resolve("wal-archive"));
        Files.deleteIfExists(marker(workDirectory, consistentId));
        try (Stream<Path> all = Files.list(sets)) {
            List<Path> old = all.filter(p -> p.getFileName().toString().startsWith(folder + "-"))
                    .sorted(Comparator.reverseOrder()).skip(SETS_KEPT).toList();
            for (Path set : old) {
                deleteTree(set);
            }
        }
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Looks at the grid through a short-lived client node (joins within 10 s or finds nobody). */
    static Probe probe(GridSettings settings) {
        IgniteConfiguration config = GridNodes.configuration(settings, true)
                .setIgniteInstanceName(settings.instanceName() + "-probe");
        ((TcpDiscoverySpi) config.getDiscoverySpi()).setJoinTimeout(PROBE_JOIN_MILLIS);
        Ignite client;
        try {
            client = Ignition.start(config);
        } catch (RuntimeException e) {
            LOG.warn("cut-off node {} found no grid: {}", settings.instanceName(), e.toString());
            return Probe.NOBODY;
        }
        try {
            if (client.cluster().forServers().nodes().isEmpty()) {
                return Probe.NOBODY;
            }
            if (client.cluster().state() != ClusterState.ACTIVE) {
                return Probe.INACTIVE;
            }
            if (!unmarkedMajorityWithout(client, settings.instanceName())) {
                return Probe.ACTIVE_WITHOUT_MAJORITY;
            }
            return resetLostWithoutUs(client, settings.instanceName()) ? Probe.MAJORITY_WITHOUT_US
                    : Probe.ACTIVE_WITHOUT_MAJORITY;
        } finally {
            client.close();
        }
    }

    /**
     * Partitions lost while this node was cut off are reset here, before it joins with no files, so that the copies
     * present (the majority's) become their owners. Were it to join first, its empty copies would be present at the
     * reset too, with the same reset update counter, and Ignite would make them owners as well. Only when every other
     * baseline node is present and unmarked: an absent one might hold the newest copy.
     *
     * @return false when some other baseline node is absent or marked and partitions are lost: not yet
     */
    static boolean resetLostWithoutUs(Ignite client, Object self) {
        List<String> lost = new ArrayList<>();
        for (String name : client.cacheNames()) {
            if (!client.cache(name).lostPartitions().isEmpty()) {
                lost.add(name);
            }
        }
        if (lost.isEmpty()) {
            return true;
        }
        Set<Object> present = new HashSet<>();
        client.cluster().forServers().nodes().forEach(node -> present.add(node.consistentId()));
        for (BaselineNode node : client.cluster().currentBaselineTopology()) {
            if (!node.consistentId().equals(self) && !present.contains(node.consistentId())) {
                LOG.warn("partitions of {} are lost and baseline node {} is absent: {} waits for it", lost,
                        node.consistentId(), self);
                return false;
            }
        }
        Set<Object> marked = markedServers(client, client.cluster().forServers());
        if (!marked.isEmpty()) {
            LOG.warn("partitions of {} are lost and {} are marked as cut off too: {} waits", lost, marked, self);
            return false;
        }
        LOG.warn("{}, cut off, resets the lost partitions of {} before it joins empty: every other baseline node is "
                + "present and was not cut off, so their copies are the newest", self, lost);
        client.resetLostPartitions(lost);
        return true;
    }

    /**
     * Whether the baseline server nodes present other than {@code self}, leaving out marked ones, are a strict
     * majority of the baseline. False when some node does not answer.
     */
    static boolean unmarkedMajorityWithout(Ignite ignite, Object self) {
        Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
        if (baseline == null || baseline.isEmpty()) {
            return false;
        }
        Set<Object> inBaseline = new HashSet<>();
        baseline.forEach(node -> inBaseline.add(node.consistentId()));
        ClusterGroup others = ignite.cluster().forServers().forPredicate(node -> !node.consistentId().equals(self));
        Set<Object> marked;
        try {
            marked = markedServers(ignite, others);
        } catch (RuntimeException e) {
            LOG.warn("could not ask the servers whether they were cut off: {}", e.toString());
            return false;
        }
        int unmarked = 0;
        for (ClusterNode node : others.nodes()) {
            if (inBaseline.contains(node.consistentId()) && !marked.contains(node.consistentId())) {
                unmarked++;
            }
        }
        return 2 * unmarked > baseline.size();
    }

    /** The consistent ids of the marked servers among {@code servers}. */
    static Set<Object> markedServers(Ignite ignite, ClusterGroup servers) {
        Set<Object> marked = new HashSet<>();
        if (servers.nodes().isEmpty()) {
            return marked;
        }
        for (String id : ignite.compute(servers).withTimeout(ASK_MILLIS).broadcast(new MarkedId())) {
            if (!id.isEmpty()) {
                marked.add(id);
            }
        }
        return marked;
    }

    /** Run on a server: its consistent id if it is marked as cut off, else the empty string. */
    static final class MarkedId implements IgniteCallable<String> {
        private static final long serialVersionUID = 1L;

        @IgniteInstanceResource
        private transient Ignite ignite;

        @Override
        public String call() {
            return marked(ignite) ? String.valueOf(ignite.cluster().localNode().consistentId()) : "";
        }
    }
}
