package io.tollgrid.grid.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridQuorumTest {
    @Test
    void onlyAStrictMajorityOfTheBaselineInAnActiveClusterHoldsTheQuorum() {
        assertTrue(new GridQuorum.View(1, 1, true).holds());
        assertTrue(new GridQuorum.View(2, 3, true).holds());
        assertTrue(new GridQuorum.View(3, 5, true).holds());
        assertFalse(new GridQuorum.View(1, 3, true).holds(), "the side a partition cut off");
        assertFalse(new GridQuorum.View(1, 2, true).holds(), "half is no majority");
        assertFalse(new GridQuorum.View(2, 4, true).holds(), "an even split: neither side");
        assertFalse(new GridQuorum.View(3, 3, false).holds(), "an inactive cluster");
        assertFalse(new GridQuorum.View(0, 0, true).holds(), "no baseline yet");
    }

    @Test
    void aViewCannotCountMoreLiveNodesThanTheBaselineHas() {
        assertThrows(IllegalArgumentException.class, () -> new GridQuorum.View(3, 2, true));
        assertThrows(IllegalArgumentException.class, () -> new GridQuorum.View(-1, 2, true));
    }
}
