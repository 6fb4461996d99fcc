package io.tollgrid.history.rollup;

import io.tollgrid.history.RatedCdr;

import java.time.LocalDate;
import java.util.Objects;

/** One account's UTC day: the unit a rollup is recomputed in, the same as one CDR partition. */
public record RollupKey(String tenantId, String accountId, LocalDate day) {
    /** How many partitions the pending markers are spread over. */
    static final int SHARDS = 16;

    public RollupKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(day, "day");
    }

    public static RollupKey of(RatedCdr cdr) {
        return new RollupKey(cdr.tenantId(), cdr.accountId(), cdr.day());
    }

    int shard() {
        return shard(tenantId, accountId);
    }

    /** The pending-marker partition of an account's days: all of them in one, so a report finds them in one read. */
    static int shard(String tenantId, String accountId) {
        return Math.floorMod(Objects.hash(tenantId, accountId), SHARDS);
    }
}
