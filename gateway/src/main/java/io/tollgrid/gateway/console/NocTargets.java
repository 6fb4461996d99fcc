package io.tollgrid.gateway.console;

import io.tollgrid.settings.SettingsException;

import java.net.URI;
import java.util.List;

/**
 * The Prometheus endpoints the NOC summary reads besides the gateway's own: grid nodes
 * ({@code gateway.noc.grid.metrics}) and ingest processes ({@code gateway.noc.ingest.metrics}), each a
 * comma-separated list of {@code http://host:port/metrics} URLs. Only the operator configures them; nothing a
 * request sends can name another.
 */
public record NocTargets(List<String> gridMetrics, List<String> ingestMetrics) {
    public static final NocTargets NONE = new NocTargets(List.of(), List.of());
    static final int MAX_TARGETS = 64;

    public NocTargets {
        gridMetrics = checked("gateway.noc.grid.metrics", gridMetrics);
        ingestMetrics = checked("gateway.noc.ingest.metrics", ingestMetrics);
    }

    private static List<String> checked(String key, List<String> urls) {
        if (urls.size() > MAX_TARGETS) {
            throw new SettingsException(key, "at most " + MAX_TARGETS + " URLs");
        }
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(key, "'" + url + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SettingsException(key, "'" + url + "' is not an http(s)://host:port/metrics URL");
            }
        }
        return List.copyOf(urls);
    }
}
