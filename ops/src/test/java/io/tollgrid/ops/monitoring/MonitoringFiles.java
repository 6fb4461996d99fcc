package io.tollgrid.ops.monitoring;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus config, rules and rule tests and the Grafana dashboard under ops/, and what they read. */
public final class MonitoringFiles {
    private static final Pattern METRIC = Pattern.compile("\\b(?:tollgrid|jvm)_[a-z0-9_]+");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\S+)$");

    private MonitoringFiles() {
    }

    /** The repository root, whether Maven runs the test from the ops module or from the root. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ops/prometheus")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ops/prometheus above " + Path.of("").toAbsolutePath());
    }

    public static Path prometheusConfig() {
        return root().resolve("ops/prometheus/prometheus.yml");
    }

    public static Path rules() {
        return root().resolve("ops/prometheus/tollgrid-rules.yml");
    }

    public static Path rulesTest() {
        return root().resolve("ops/prometheus/tollgrid-rules-test.yml");
    }

    public static Path dashboard() {
        return root().resolve("ops/grafana/tollgrid-overview.json");
    }

    public static Path runbooks() {
        return root().resolve("docs/runbooks.md");
    }

    public static List<String> alertNames() {
        List<String> names = new ArrayList<>();
        Matcher matcher = ALERT.matcher(read(rules()));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Every query of every dashboard panel. */
    public static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        JsonArray panels = new JsonObject(read(dashboard())).getJsonArray("panels");
        for (int p = 0; p < panels.size(); p++) {
            JsonArray targets = panels.getJsonObject(p).getJsonArray("targets");
            for (int t = 0; t < targets.size(); t++) {
                queries.add(targets.getJsonObject(t).getString("expr"));
            }
        }
        return queries;
    }

    /** Names of the Tollgrid and JVM series the rules and the dashboard read (samples, as in a query). */
    public static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        List<String> texts = new ArrayList<>(dashboardQueries());
        texts.add(read(rules()));
        for (String text : texts) {
            Matcher matcher = METRIC.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    /**
     * True when a scrape in the text exposition format declares the family a query's series belongs to:
     * a counter's {@code _total}, a histogram's {@code _bucket}/{@code _sum}/{@code _count}.
     */
    public static boolean declares(String scrape, String series) {
        for (String suffix : List.of("", "_total", "_bucket", "_sum", "_count")) {
            if (series.endsWith(suffix)) {
                String family = series.substring(0, series.length() - suffix.length());
                if (Pattern.compile("(?m)^# TYPE " + Pattern.quote(family) + " ").matcher(scrape).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
