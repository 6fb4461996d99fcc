package io.tollgrid.ingest.push;

import io.tollgrid.ingest.files.FileIngestSettings;
import io.tollgrid.ingest.files.FileSource;
import io.tollgrid.ingest.formats.FreeSwitchJson;
import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The push sources of an ingest process. Keys ({@code ID} a name from the sources list; every per-source key
 * of a file source applies too, under {@code ingest.tcp.ID.} or {@code ingest.http.ID.}: format, tenant, plan,
 * currency, zone, account.from, account, dial.*, feature.codes, template, layout, legs, fields, retention.seconds):
 * <pre>
 * ingest.tcp.sources            comma-separated ids; none (the default) opens no port
 * ingest.tcp.ID.port            the port the PBX connects to (required)
 * ingest.tcp.ID.host            the address it binds to (127.0.0.1)
 * ingest.tcp.ID.allow           peer addresses that may connect, comma-separated (127.0.0.1)
 * ingest.tcp.ID.max.connections (4)
 * ingest.http.sources           comma-separated ids; none and no admin key (the default) opens no port
 * ingest.http.host / .port      the endpoint's address (127.0.0.1) and port (9470)
 * ingest.http.max.body.bytes    a longer document is refused with 413 (65536)
 * ingest.http.admin.key         the key of the rejects API (none: the API answers 401)
 * ingest.http.ID.key            the source's key (required, at least 16 characters)
 * ingest.http.ID.format         freeswitch-json, or a line format (one line per request)
 * </pre>
 * Ids are shared with the file sources (the archive is keyed by source id), so an id names one source only.
 */
public record PushSettings(List<TcpSource> tcp, String httpHost, int httpPort, int maxBodyBytes, String adminKey,
                           List<HttpSource> http) {
    public static final PushSettings NONE = new PushSettings(List.of(), "127.0.0.1", 9470, 65_536, null, List.of());

    public PushSettings {
        tcp = List.copyOf(tcp);
        http = List.copyOf(http);
        if (maxBodyBytes < 1_024 || maxBodyBytes > FreeSwitchJson.MAX_DOCUMENT_CHARS) {
            throw new IllegalArgumentException("the body limit is 1024.." + FreeSwitchJson.MAX_DOCUMENT_CHARS + " bytes");
        }
        if (adminKey != null && adminKey.length() < HttpSource.MIN_KEY_CHARS) {
            throw new IllegalArgumentException("the admin key needs at least " + HttpSource.MIN_KEY_CHARS + " characters");
        }
        List<String> ids = Stream.concat(tcp.stream().map(TcpSource::id), http.stream().map(HttpSource::id)).toList();
        if (ids.stream().distinct().count() != ids.size()) {
            throw new IllegalArgumentException("push source ids must be distinct");
        }
    }

    public boolean tcpEnabled() {
        return !tcp.isEmpty();
    }

    public boolean httpEnabled() {
        return !http.isEmpty() || adminKey != null;
    }

    /** Every push source's billing, TCP first. */
    public List<FileSource> sources() {
        return Stream.concat(tcp.stream().map(TcpSource::billing), http.stream().map(HttpSource::billing)).toList();
    }

    public static PushSettings from(Settings settings) {
        Set<String> taken = new HashSet<>(ids(settings, "ingest.files.sources"));
        List<TcpSource> tcp = new ArrayList<>();
        for (String id : ids(settings, "ingest.tcp.sources")) {
            String prefix = "ingest.tcp." + id + ".";
            FileSource billing = billing(settings, "ingest.tcp", id, taken);
            List<String> allow = ids(settings, prefix + "allow");
            try {
                tcp.add(new TcpSource(billing, settings.string(prefix + "host", "127.0.0.1"),
                        settings.integer(prefix + "port", -1, 0, 65_535),
                        allow.isEmpty() && settings.string(prefix + "allow", "").isEmpty() ? List.of("127.0.0.1") : allow,
                        settings.integer(prefix + "max.connections", 4, 1, 1_024)));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(prefix + "port", settings.string(prefix + "port", "").isEmpty()
                        ? "is required" : e.getMessage());
            }
        }
        List<HttpSource> http = new ArrayList<>();
        for (String id : ids(settings, "ingest.http.sources")) {
            String prefix = "ingest.http." + id + ".";
            FileSource billing = billing(settings, "ingest.http", id, taken);
            try {
                http.add(new HttpSource(billing, settings.requiredString(prefix + "key")));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(prefix + "key", e.getMessage());
            }
        }
        String admin = settings.string("ingest.http.admin.key", "");
        if (!admin.isEmpty() && admin.length() < HttpSource.MIN_KEY_CHARS) {
            throw new SettingsException("ingest.http.admin.key", "needs at least " + HttpSource.MIN_KEY_CHARS + " characters");
        }
        return new PushSettings(tcp, settings.string("ingest.http.host", "127.0.0.1"),
                settings.integer("ingest.http.port", 9470, 0, 65_535),
                settings.integer("ingest.http.max.body.bytes", 65_536, 1_024, FreeSwitchJson.MAX_DOCUMENT_CHARS),
                admin.isEmpty() ? null : admin, http);
    }

    private static FileSource billing(Settings settings, String root, String id, Set<String> taken) {
        String prefix = root + "." + id + ".";
        if (!taken.add(id)) {
            throw new SettingsException(root + ".sources", "source id " + id + " is already a file, TCP or HTTP source's");
        }
        FileSource billing = FileIngestSettings.source(settings, root, id, null);
        if (billing.parser().headerLines() > 0) {
            throw new SettingsException(prefix + "format", billing.parser().format() + " files start with a header row,"
                    + " which a pushed line does not carry");
        }
        return billing;
    }

    private static List<String> ids(Settings settings, String key) {
        List<String> ids = new ArrayList<>();
        for (String id : settings.string(key, "").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        return ids;
    }
}
