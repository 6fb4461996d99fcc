package io.tollgrid.grid.product;

import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingPeriod;
import io.tollgrid.billing.period.Cadence;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever runs happen (at any instants, some dying after posting part of their charges and before moving the
 * cursor, some refused half-way), once a last run is done every period from the assignment's up to the last
 * run's instant has been posted, and nothing else. Posting is a set of transfer ids, as the ledger's ids are.
 */
class ChargePlanProperties {
    private static final String[] ZONES = {"UTC", "Europe/London", "Pacific/Auckland", "America/Santiago",
            "America/New_York", "Asia/Kolkata"};

    @Property(tries = 300)
    void everyPeriodUpToTheLastRunIsChargedOnceWhateverRunsDied(
            @ForAll boolean weekly,
            @ForAll @IntRange(min = 1, max = 31) int anchor,
            @ForAll @IntRange(min = 0, max = 5) int zone,
            @ForAll @IntRange(min = 0, max = 5_000) int assignedHours,
            @ForAll @IntRange(min = 1, max = 12) int runs,
            @ForAll long seed) {
        Cadence cadence = weekly ? Cadence.WEEKLY : Cadence.MONTHLY;
        int anchorDay = weekly ? 1 + (anchor - 1) % 7 : anchor;
        Product product = new Product("p", null, "fee", 1_000_000, "EUR", cadence, anchorDay, ZONES[zone]);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant assigned = start.plus(Duration.ofHours(assignedHours));
        ProductAssignment assignment = new ProductAssignment("a", "p", assigned.toEpochMilli(), 0);
        Random random = new Random(seed);
        Set<String> posted = new HashSet<>();
        Instant now = start;
        for (int run = 0; run < runs; run++) {
            now = now.plus(Duration.ofHours(random.nextInt(24 * 120)));
            assignment = run(product, assignment, now, posted, random);
        }
        // The last run, repeated while a run's bound leaves periods for the next.
        for (int i = 0; i < 200; i++) {
            assignment = run(product, assignment, now, posted, null);
        }

        List<String> expected = new ArrayList<>();
        BillingCycle cycle = product.cycle();
        for (BillingPeriod p = cycle.periodAt(assigned); !p.startsAt().isAfter(now) && !now.isBefore(assigned);
             p = cycle.next(p)) {
            expected.add("charge:p:" + p.key());
        }
        assertEquals(new HashSet<>(expected), posted);
        assertEquals(expected.size(), posted.size());
    }

    /**
     * One run as {@link Products} makes it: post the due charges in order, stop at a refusal, then move the cursor
     * to the end of the last period charged. With {@code chaos}, a run may die after posting some charges and
     * before moving the cursor, or meet a refusal part-way.
     */
    private static ProductAssignment run(Product product, ProductAssignment assignment, Instant now, Set<String> posted,
                                         Random chaos) {
        List<DueCharge> due = ChargePlan.due(product, assignment, now);
        int dieAfter = chaos != null && chaos.nextInt(3) == 0 ? chaos.nextInt(due.size() + 1) : -1;
        int refuseAt = chaos != null && chaos.nextInt(3) == 0 ? chaos.nextInt(due.size() + 1) : -1;
        long chargedUntil = assignment.chargedUntilMillis();
        for (int i = 0; i < due.size(); i++) {
            if (i == dieAfter) {
                return assignment;
            }
            if (i == refuseAt) {
                break;
            }
            posted.add(due.get(i).transferId());
            chargedUntil = due.get(i).paidUntilMillis();
        }
        return assignment.chargedUntil(chargedUntil);
    }
}
