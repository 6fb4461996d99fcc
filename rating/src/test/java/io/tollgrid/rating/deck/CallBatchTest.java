package io.tollgrid.rating.deck;

import org.junit.jupiter.api.Test;

import static io.tollgrid.rating.deck.Decks.WEDNESDAY_NOON;
import static io.tollgrid.rating.deck.Decks.micros;
import static io.tollgrid.rating.deck.Decks.perMinute;
import static io.tollgrid.rating.deck.Decks.plan;
import static io.tollgrid.rating.deck.Decks.rate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallBatchTest {
    private final RatePlan plan = new DeckBuilder(1).plan(plan("p"), "plans")
            .rate(rate("p", "359", perMinute("0.60", "0.00", 60, 60)), "rates")
            .rate(rate("p", "3592", perMinute("1.20", "0.10", 1, 1)), "rates")
            .build().plan("p");

    @Test
    void pricesEachCallByItsOwnLongestPrefixAndMarksTheUnratedOnes() {
        CallBatch batch = new CallBatch(4);
        batch.add("s", "35912345", WEDNESDAY_NOON, 61);
        batch.add("s", "35921234", WEDNESDAY_NOON, 30);
        batch.add("s", "4412345", WEDNESDAY_NOON, 30);
        batch.add("s", "35x", WEDNESDAY_NOON, 30);
        assertTrue(batch.isFull());
        plan.costsOf(batch);
        assertEquals(micros("1.20"), batch.costAt(0), "two 60 s blocks at 0.60/min");
        assertEquals(micros("0.70"), batch.costAt(1), "0.10 connect + 30 s at 1.20/min");
        assertEquals(RatePlan.NOT_RATED, batch.costAt(2), "no prefix matches");
        assertEquals(RatePlan.NOT_RATED, batch.costAt(3), "not a number");
    }

    @Test
    void aNegativeDurationIsRefusedAndLeavesTheBatchAsItWas() {
        CallBatch batch = new CallBatch(2);
        batch.add("s", "35912345", WEDNESDAY_NOON, 60);
        assertThrows(IllegalArgumentException.class, () -> batch.add("s", "35912345", WEDNESDAY_NOON, -1));
        assertEquals(1, batch.size());
        plan.costsOf(batch);
        assertEquals(micros("0.60"), batch.costAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.costAt(1));
    }

    @Test
    void aFullBatchRefusesMoreAndClearingEmptiesIt() {
        CallBatch batch = new CallBatch(1);
        batch.add("s", "35912345", WEDNESDAY_NOON, 60);
        assertThrows(IllegalStateException.class, () -> batch.add("s", "35912345", WEDNESDAY_NOON, 60));
        batch.clear();
        assertEquals(0, batch.size());
        assertEquals(0, batch.add("s", "35921234", WEDNESDAY_NOON, 1));
        plan.costsOf(batch);
        assertEquals(micros("0.12"), batch.costAt(0), "0.10 connect + 1 s at 1.20/min = 0.02, rounded up");
    }
}
