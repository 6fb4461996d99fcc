package io.tollgrid.gateway.lockout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Authentication failures per subject (a source address, or a key's digest) in a fixed window, and the
 * subjects locked out. At most {@code capacity} subjects are tracked; past that the least recently seen is
 * forgotten, so memory stays bounded whatever a client sends. Thread-safe; a table with nothing in it is
 * checked without taking its lock, so the usual request pays one volatile read.
 */
final class FailureCounts {
    private final AuthLimits limits;
    private final LongSupplier clock;
    private final Map<String, Entry> entries;
    private volatile int size;

    FailureCounts(AuthLimits limits, LongSupplier clockMillis) {
        this.limits = limits;
        this.clock = clockMillis;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > limits.maxTracked();
            }
        };
    }

    /** Failures in the current window and the instant the lockout ends (0: not locked). */
    private static final class Entry {
        long windowStart;
        int failures;
        long lockedUntil;
    }

    /** True when no subject is tracked: nothing can be locked. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Milliseconds until the subject may try again, or 0 when it is not locked out. */
    long lockedFor(String subject) {
        if (size == 0 || subject == null) {
            return 0;
        }
        long now = clock.getAsLong();
        synchronized (entries) {
            Entry entry = entries.get(subject);
            return entry == null || entry.lockedUntil <= now ? 0 : entry.lockedUntil - now;
        }
    }

    /** Counts one failure; true when it locked the subject out. */
    boolean failed(String subject) {
        if (subject == null) {
            return false;
        }
        long now = clock.getAsLong();
        synchronized (entries) {
            return count(entries.computeIfAbsent(subject, ignored -> new Entry()), now);
        }
    }

    /**
     * Admits one attempt whose outcome is not known yet and counts it as a failure at once, so that attempts running
     * in parallel cannot pass the limit together: 0 when admitted, else the milliseconds until the subject may try
     * again (nothing is counted then). {@link #forgive} takes the count back for an attempt that succeeded.
     */
    long attempt(String subject) {
        long now = clock.getAsLong();
        synchronized (entries) {
            Entry entry = entries.computeIfAbsent(subject, ignored -> new Entry());
            if (entry.lockedUntil > now) {
                return entry.lockedUntil - now;
            }
            count(entry, now);
            return 0;
        }
    }

    /** Takes back one failure counted by {@link #attempt}, and the lockout it started, if any. */
    void forgive(String subject) {
        synchronized (entries) {
            Entry entry = entries.get(subject);
            if (entry == null || entry.failures == 0) {
                return;
            }
            entry.failures--;
            // Only an admitted attempt starts a lockout, and none is admitted while one lasts: a lockout in force
            // with fewer failures than the limit was started by the attempt forgiven now.
            if (entry.failures < limits.maxFailures()) {
                entry.lockedUntil = 0;
            }
        }
    }

    private boolean count(Entry entry, long now) {
        if (now - entry.windowStart >= limits.window().toMillis()) {
            entry.windowStart = now;
            entry.failures = 0;
        }
        entry.failures++;
        boolean locks = entry.failures >= limits.maxFailures() && entry.lockedUntil <= now;
        if (locks) {
            entry.lockedUntil = now + limits.lockout().toMillis();
        }
        size = entries.size();
        return locks;
    }

    int tracked() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
