package io.tollgrid.grid.product;

/**
 * One charge a run owes: the product's price for one period (or once), under the transfer id
 * {@code charge:<productId>:<period>} on the account, which makes (product, account, period) its key.
 *
 * @param paidUntilMillis where the assignment's cursor moves once this charge is posted
 */
public record DueCharge(String accountId, String productId, String period, long priceMicros, long paidUntilMillis) {
    /** The period name of a one-off charge. */
    public static final String ONCE = "once";

    public String transferId() {
        return "charge:" + productId + ":" + period;
    }
}
