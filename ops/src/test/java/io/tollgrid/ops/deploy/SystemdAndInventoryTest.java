package io.tollgrid.ops.deploy;

import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.ingest.IngestSettings;
import io.tollgrid.localcluster.BuildProperties;
import io.tollgrid.settings.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ops/deploy/systemd and ops/deploy/inventory: the units parse (and pass {@code systemd-analyze verify} where it
 * exists, which is also shown to reject a broken unit), run real main classes with the build's JVM flags, and each
 * host's properties file passes the grid's, gateway's and ingest's own validation as that host.
 */
class SystemdAndInventoryTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final List<String> UNITS = List.of("tollgrid-grid.service", "tollgrid-gateway.service", "tollgrid-ingest.service");

    @Test
    void jvmArgsFileIsTheBuildsIgniteFlags() throws IOException {
        assertEquals(BuildProperties.igniteJvmFlags(), Files.readAllLines(DEPLOY.resolve("jvm.args")).stream()
                .map(String::trim).filter(line -> !line.isEmpty()).toList());
    }

    @Test
    void unitsRunRealMainClassesOnTheHostsPropertiesFile() throws Exception {
        for (String unit : UNITS) {
            Map<String, Map<String, List<String>>> sections = parse(DEPLOY.resolve("systemd").resolve(unit));
            assertEquals(List.of("Unit", "Service", "Install"), List.copyOf(sections.keySet()), unit);
            List<String> exec = Arrays.asList(sections.get("Service").get("ExecStart").get(0).split("\\s+"));
            assertEquals("/usr/bin/java", exec.get(0), unit);
            assertTrue(exec.contains("@/opt/tollgrid/jvm.args"), unit + " runs with the Ignite JVM flags");
            assertEquals("/etc/tollgrid/tollgrid.properties", exec.get(exec.size() - 1), unit);
            Class.forName(exec.get(exec.size() - 2)).getMethod("main", String[].class);
            assertTrue(sections.get("Service").get("Environment").stream().anyMatch(e -> e.startsWith("TOLLGRID_GRID_INSTANCE_NAME=%H-")),
                    unit + " names its JVM after the host, stable across restarts");
            assertEquals(List.of("143"), sections.get("Service").get("SuccessExitStatus"), unit);
        }
    }

    @Test
    void systemdAnalyzeAcceptsTheUnitsAndRejectsABrokenOne() throws Exception {
        if (!onPath("systemd-analyze")) {
            System.out.println("systemd-analyze not installed: only the parser checks ran");
            return;
        }
        Path dir = Files.createTempDirectory("tollgrid-units");
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String unit : UNITS) {
            Files.copy(DEPLOY.resolve("systemd").resolve(unit), dir.resolve(unit));
            command.add(dir.resolve(unit).toString());
        }
        String[] result = run(command);
        assertEquals("0", result[0], "systemd-analyze verify: " + result[1]);
        assertTrue(result[1].isBlank(), "systemd-analyze verify complains: " + result[1]);

        Path broken = dir.resolve("tollgrid-broken.service");
        Files.writeString(broken, Files.readString(DEPLOY.resolve("systemd").resolve(UNITS.get(0)))
                .replaceAll("(?m)^ExecStart=.*$", "ExecStrat=/usr/bin/java -version"));
        String[] rejected = run(List.of("systemd-analyze", "verify", broken.toString()));
        assertTrue(!rejected[0].equals("0") || rejected[1].contains("Unknown key"), "a broken unit is reported: " + rejected[1]);
    }

    @Test
    void eachHostsPropertiesPassTheProcessesOwnValidationAsThatHost() throws Exception {
        List<String[]> hosts = Files.readAllLines(DEPLOY.resolve("inventory").resolve("hosts")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+")).toList();
        assertEquals(3, hosts.size());
        for (String[] host : hosts) {
            String name = host[0];
            String address = host[1];
            Path file = DEPLOY.resolve("inventory").resolve(name).resolve("tollgrid.properties");
            Settings settings = Settings.load(file, Map.of("TOLLGRID_GATEWAY_ADMIN_KEY", "an-admin-key-of-24-chars",
                    "TOLLGRID_GRID_INSTANCE_NAME", name + "-grid"), new Properties());

            GridSettings grid = GridSettings.from(settings, "unused");
            assertEquals(address, grid.localAddress(), name);
            assertEquals(hosts.stream().map(h -> h[1] + ":47500..47509").toList(), grid.discoveryPeers(), name);
            assertEquals(3, grid.expectedServers(), name);

            GatewaySettings gateway = GatewaySettings.from(settings);
            assertEquals(address, gateway.httpHost(), name);
            assertEquals(3, gateway.replication(), name + ": Cassandra at replication factor 3");
            assertEquals(3, gateway.cassandra().contactPoints().size(), name);

            IngestSettings ingest = IngestSettings.from(settings);
            assertEquals(address, ingest.hazelcastAddress(), name);
            assertEquals(hosts.stream().map(h -> h[1] + ":5701").toList(), ingest.hazelcastMemberAddresses(), name);

            String cassandra = Files.readString(DEPLOY.resolve("inventory").resolve(name).resolve("cassandra.yaml"));
            assertTrue(cassandra.contains("listen_address: " + address + "\n"), name + " cassandra listen_address");
            assertTrue(cassandra.contains("rpc_address: " + address + "\n"), name + " cassandra rpc_address");
        }
        assertNotEquals(Files.readString(DEPLOY.resolve("inventory/host1/tollgrid.properties")),
                Files.readString(DEPLOY.resolve("inventory/host2/tollgrid.properties")));
    }

    /** A unit file's sections in order, each key's values in order. */
    private static Map<String, Map<String, List<String>>> parse(Path unit) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : Files.readAllLines(unit)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(1, line.length() - 1), current);
                continue;
            }
            int equals = line.indexOf('=');
            if (current == null || equals <= 0) {
                throw new AssertionError(unit + ": not 'Key=value' in a section: " + raw);
            }
            current.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>()).add(line.substring(equals + 1));
        }
        return sections;
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static String[] run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(process.waitFor()), output};
    }
}
