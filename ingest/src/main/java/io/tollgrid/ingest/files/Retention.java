package io.tollgrid.ingest.files;

import io.tollgrid.settings.Settings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * How long the rows of a source live: the raw archive, the rejects and the CDRs are written {@code USING TTL}
 * this many seconds, so Cassandra drops them by itself (no delete job, no tombstone sweep of our own).
 * A tenant's retention ({@code ingest.retention.tenant.T.seconds}, else {@code ingest.retention.seconds}) is
 * its sources' default; a source may set its own ({@code ID.retention.seconds}). 0 keeps rows forever.
 */
public final class Retention {
    /** Six months of 30 days: what the enterprise seeds ask for. */
    public static final int DEFAULT_SECONDS = 15_552_000;
    /** Cassandra refuses a TTL over 20 years. */
    public static final int MAX_SECONDS = 630_720_000;

    /** Every tenant keeps rows for the default retention. */
    public static final ToIntFunction<String> DEFAULT_FOR_EVERY_TENANT = tenant -> DEFAULT_SECONDS;

    private Retention() {
    }

    /**
     * Each tenant's retention as the settings give it, read once per tenant (the stop-event CDRs of any tenant,
     * whose ids are not listed in the settings). A bad value stops the first write of that tenant, naming the key.
     */
    public static ToIntFunction<String> ofTenants(Settings settings) {
        int all = settings.integer("ingest.retention.seconds", DEFAULT_SECONDS, 0, MAX_SECONDS);
        Map<String, Integer> known = new ConcurrentHashMap<>();
        return tenant -> known.computeIfAbsent(tenant, t -> settings.integer("ingest.retention.tenant." + t + ".seconds",
                all, 0, MAX_SECONDS));
    }

    /** The tenant's retention: its own key, else the process-wide one, else six months. */
    public static int ofTenant(Settings settings, String tenant) {
        int all = settings.integer("ingest.retention.seconds", DEFAULT_SECONDS, 0, MAX_SECONDS);
        return settings.integer("ingest.retention.tenant." + tenant + ".seconds", all, 0, MAX_SECONDS);
    }

    /** A source's retention: {@code PREFIX.retention.seconds}, else its tenant's. */
    static int ofSource(Settings settings, String prefix, String tenant) {
        return settings.integer(prefix + "retention.seconds", ofTenant(settings, tenant), 0, MAX_SECONDS);
    }
}
