package io.tollgrid.gateway.lockout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureCountsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FailureCounts counts = new FailureCounts(
            new AuthLimits(3, Duration.ofSeconds(60), Duration.ofSeconds(300), 100), now::get);

    @Test
    void theLimitthFailureInAWindowLocksOutForTheLockoutAndThenItEnds() {
        assertFalse(counts.failed("10.0.0.1"));
        assertFalse(counts.failed("10.0.0.1"));
        assertEquals(0, counts.lockedFor("10.0.0.1"));
        assertTrue(counts.failed("10.0.0.1"));
        assertEquals(300_000, counts.lockedFor("10.0.0.1"));
        assertEquals(0, counts.lockedFor("10.0.0.2"));

        now.addAndGet(299_999);
        assertEquals(1, counts.lockedFor("10.0.0.1"));
        now.addAndGet(1);
        assertEquals(0, counts.lockedFor("10.0.0.1"));
    }

    @Test
    void failuresSpreadOverWindowsDoNotAddUp() {
        counts.failed("a");
        counts.failed("a");
        now.addAndGet(60_000);
        assertFalse(counts.failed("a"));
        assertFalse(counts.failed("a"));
        assertEquals(0, counts.lockedFor("a"));
    }

    @Test
    void atMostMaxTrackedSubjectsAreRememberedAndTheLeastRecentGoFirst() {
        assertTrue(counts.isEmpty());
        counts.failed("kept");
        counts.failed("kept");
        counts.failed("kept");
        for (int i = 0; i < 10_000; i++) {
            counts.failed("flood-" + i);
            if (i % 50 == 0) {
                counts.lockedFor("kept"); // seen recently, so not the one forgotten
            }
        }
        assertEquals(100, counts.tracked());
        assertTrue(counts.lockedFor("kept") > 0);
    }

    @Test
    void anAttemptCountsAtOnceAndAForgivenOneNeitherCountsNorLocks() {
        assertEquals(0, counts.attempt("alice"));
        assertEquals(0, counts.attempt("alice"));
        assertEquals(0, counts.attempt("alice"), "the third attempt is admitted, and starts the lockout");
        assertEquals(300_000, counts.attempt("alice"), "while the three are pending, a fourth waits");
        counts.forgive("alice");
        assertEquals(0, counts.lockedFor("alice"), "one of them succeeded: two failures, no lockout");
        assertEquals(0, counts.attempt("alice"));
        assertEquals(300_000, counts.lockedFor("alice"));
    }
}
