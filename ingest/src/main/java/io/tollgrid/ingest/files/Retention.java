package io.tollgrid.ingest.files;

import io.tollgrid.settings.Settings;

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

    private Retention() {
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
