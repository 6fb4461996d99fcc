package io.tollgrid.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads Prometheus's text exposition format (version 0.0.4), as every Tollgrid process's {@code /metrics}
 * writes it: {@code name{label="value",...} value [timestamp]}, comments and blank lines skipped. A line that
 * does not parse is skipped too, so one odd series never hides the rest.
 */
public final class PrometheusText {
    /** One sample: a series name, its labels in order, and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        public String label(String key) {
            return labels.get(key);
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Sample sample = sample(trimmed);
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new PrometheusText(List.copyOf(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of one series name. */
    public List<Sample> series(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The sum of a series' samples that match {@code filter}; 0 when there are none. */
    public double sum(String name, Predicate<Sample> filter) {
        return series(name).stream().filter(filter).mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, s -> true);
    }

    /** Whether the series appears at all (a missing one is not the same as 0). */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    private static Sample sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                    i++;
                }
                if (i < n && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int keyStart = i;
                while (i < n && isNameChar(line.charAt(i), i == keyStart)) {
                    i++;
                }
                if (i == keyStart || i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                    return null;
                }
                String key = line.substring(keyStart, i);
                i += 2;
                StringBuilder value = new StringBuilder();
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char escaped = line.charAt(++i);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                if (i >= n) {
                    return null;
                }
                i++; // closing quote
                labels.put(key, value.toString());
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        double value;
        try {
            value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
        } catch (NumberFormatException e) {
            return null;
        }
        return new Sample(name, labels, value);
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
