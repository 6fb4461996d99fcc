package io.tollgrid.ops.monitoring;

import io.tollgrid.ops.sip.SwitchTools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring files under ops/ checked by Prometheus's own tool: the config and rules load, every alert
 * fires (and stays silent) as its unit test says, every dashboard query parses, and every alert has a
 * runbook and a test. That the series they read exist in a real scrape is checked by LocalStackTest.
 */
class MonitoringConfigTest {
    @Test
    void prometheusLoadsTheConfigAndItsRules() throws Exception {
        String out = promtool("check", "config", MonitoringFiles.prometheusConfig().toString());
        long rules = MonitoringFiles.read(MonitoringFiles.rules()).lines()
                .filter(line -> line.matches("\\s*- (record|alert): .*")).count();
        assertTrue(out.contains("SUCCESS: 1 rule files found"), out);
        assertTrue(out.contains("SUCCESS: " + rules + " rules found"), "every rule of the file loads: " + out);
    }

    @Test
    void everyAlertFiresAndStaysSilentAsItsUnitTestSays() throws Exception {
        String out = promtool("test", "rules", MonitoringFiles.rulesTest().toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyDashboardQueryIsValidPromQL() throws Exception {
        List<String> queries = MonitoringFiles.dashboardQueries();
        assertFalse(queries.isEmpty());
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(queries.get(i).replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        try {
            Files.writeString(file, rules);
            String out = promtool("check", "rules", file.toString());
            assertTrue(out.contains("SUCCESS: " + queries.size() + " rules found"), out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void everyAlertHasARunbookSectionAndAUnitTest() {
        List<String> alerts = MonitoringFiles.alertNames();
        assertTrue(alerts.size() >= 10, "alerts: " + alerts);
        String runbooks = MonitoringFiles.read(MonitoringFiles.runbooks());
        String tests = MonitoringFiles.read(MonitoringFiles.rulesTest());
        String rules = MonitoringFiles.read(MonitoringFiles.rules());
        for (String alert : alerts) {
            assertTrue(runbooks.contains("\n## " + alert + "\n"), alert + " has no section in docs/runbooks.md");
            assertTrue(rules.contains("runbook_url: \"docs/runbooks.md#" + alert.toLowerCase() + "\""),
                    alert + " does not link its runbook section");
            assertTrue(tests.contains("alertname: " + alert + "\n        exp_alerts:\n          - exp_labels"),
                    alert + " has no unit test that shows it firing");
            assertTrue(tests.contains("alertname: " + alert + "\n        exp_alerts: []"),
                    alert + " has no unit test that shows it silent");
        }
    }

    /** Runs promtool, fails the test with its output unless it exits 0, and returns that output. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = findPromtool();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static Path findPromtool() {
        return SwitchTools.find("promtool").orElseThrow(() -> new AssertionError(
                "the monitoring test needs promtool (Debian package prometheus); install it with "
                        + SwitchTools.SETUP + " (as root or with sudo), which .ci/run runs before the build"));
    }
}
