package io.tollgrid.rating.rerate;

import io.tollgrid.money.Money;
import io.tollgrid.rating.RatingVerdict;

/**
 * One call whose cost differs under the new deck, or which the new deck cannot rate.
 *
 * @param newCost zero when the verdict is not RATED
 * @param prefix  the prefix of the rate used now, "" when none
 */
public record RerateDifference(String cdrId, Money oldCost, Money newCost, RatingVerdict verdict, String prefix) {
    public Money delta() {
        return newCost.minus(oldCost);
    }
}
