package io.tollgrid.gateway.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code endpoint} label of a request: the route template it matches ({@code /v1/calls/authorise},
 * {@code /v1/accounts/{account}/balance}), or {@value #UNMATCHED} for every path no route serves. Labels come
 * only from the templates given at start, so no request can add a metric series: the label set is bounded by
 * the API, not by what clients send.
 */
public final class EndpointLabels {
    /** The one label every path outside the API shares. */
    public static final String UNMATCHED = "unmatched";
    /** Paths longer than this match no template (the longest is far shorter). */
    static final int MAX_PATH_LENGTH = 512;

    private final Map<String, String> exact = new HashMap<>();
    private final List<Template> templated = new ArrayList<>();
    private final List<String> templates = new ArrayList<>();

    /**
     * @param templates paths in OpenAPI form; a segment {@code {name}} matches any one non-empty segment
     */
    public EndpointLabels(List<String> templates) {
        for (String template : templates) {
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("a route template starts with '/': " + template);
            }
            this.templates.add(template);
            if (template.contains("{")) {
                templated.add(new Template(template, template.split("/", -1)));
            } else {
                exact.put(template, template);
            }
        }
    }

    /** Every label {@link #of} can return. */
    public List<String> labels() {
        List<String> all = new ArrayList<>(templates);
        all.add(UNMATCHED);
        return all;
    }

    /** The template the path matches, else {@value #UNMATCHED}; a trailing '/' is ignored, as the router does. */
    public String of(String path) {
        if (path == null || path.length() > MAX_PATH_LENGTH) {
            return UNMATCHED;
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String label = exact.get(trimmed);
        if (label != null) {
            return label;
        }
        String[] segments = trimmed.split("/", -1);
        for (Template template : templated) {
            if (matches(template.segments(), segments)) {
                return template.label();
            }
        }
        return UNMATCHED;
    }

    private record Template(String label, String[] segments) {
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
            if (parameter ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
