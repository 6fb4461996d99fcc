package io.tollgrid.grid.rateplan;

import java.util.List;
import java.util.Objects;

/**
 * What is stored of one deck version besides its table chunks: enough to reassemble and check them, and
 * the plans it defines (so an upload can report plans the new version drops without compiling the old).
 */
final class StoredDeck {
    private final long version;
    private final long uploadedAtMillis;
    private final int chunkCount;
    private final int packedBytes;
    private final String sha256;
    private final String[] plans;
    /** The resellers' sell plans among {@link #plans}; null in versions stored before sell plans existed. */
    private final SellPlan[] sellPlans;

    StoredDeck(long version, long uploadedAtMillis, int chunkCount, int packedBytes, String sha256, List<String> plans) {
        this(version, uploadedAtMillis, chunkCount, packedBytes, sha256, plans, List.of());
    }

    StoredDeck(long version, long uploadedAtMillis, int chunkCount, int packedBytes, String sha256, List<String> plans,
               List<SellPlan> sellPlans) {
        if (version <= 0 || chunkCount <= 0 || packedBytes <= 0) {
            throw new IllegalArgumentException("a stored deck has a positive version, chunk count and size");
        }
        this.version = version;
        this.uploadedAtMillis = uploadedAtMillis;
        this.chunkCount = chunkCount;
        this.packedBytes = packedBytes;
        this.sha256 = Objects.requireNonNull(sha256);
        this.plans = plans.toArray(String[]::new);
        this.sellPlans = sellPlans.toArray(SellPlan[]::new);
    }

    long version() {
        return version;
    }

    long uploadedAtMillis() {
        return uploadedAtMillis;
    }

    int chunkCount() {
        return chunkCount;
    }

    int packedBytes() {
        return packedBytes;
    }

    String sha256() {
        return sha256;
    }

    List<String> plans() {
        return List.of(plans);
    }

    List<SellPlan> sellPlans() {
        return sellPlans == null ? List.of() : List.of(sellPlans);
    }
}
