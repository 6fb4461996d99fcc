package io.tollgrid.grid.product;

import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.Cadence;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A product on a price list: a fixed price in one currency, charged once (no cadence: a setup fee) or every
 * period of a cycle anchored on a day in the tenant's time zone (a monthly fee, a number's rental). Stored in
 * Ignite, hence a final class.
 *
 * @param tenantId the tenant whose price list it is, whose subtree's accounts it may be assigned to; null for
 *                 the operator's, assignable to any account
 */
public final class Product {
    private final String productId;
    private final String tenantId;
    private final String name;
    private final long priceMicros;
    private final String currency;
    private final Cadence cadence;
    private final int anchorDay;
    private final String zone;

    public Product(String productId, String tenantId, String name, long priceMicros, String currency, Cadence cadence,
                   int anchorDay, String zone) {
        this.productId = Objects.requireNonNull(productId, "productId");
        this.tenantId = tenantId;
        this.name = Objects.requireNonNull(name, "name");
        this.currency = Objects.requireNonNull(currency, "currency");
        if (priceMicros <= 0) {
            throw new IllegalArgumentException("a product's price must be positive");
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("the currency must be an ISO 4217 code such as EUR");
        }
        this.priceMicros = priceMicros;
        this.cadence = cadence;
        this.anchorDay = anchorDay;
        this.zone = zone;
        if (cadence != null) {
            cycle(); // validates the anchor and the zone
        } else if (anchorDay != 0 || zone != null) {
            throw new IllegalArgumentException("a one-off product has no anchor day and no zone");
        }
    }

    public String productId() { return productId; }
    public String tenantId() { return tenantId; }
    public String name() { return name; }
    public long priceMicros() { return priceMicros; }
    public String currency() { return currency; }
    /** The cadence, or null for a one-off charge. */
    public Cadence cadence() { return cadence; }
    public int anchorDay() { return anchorDay; }
    public String zone() { return zone; }

    public boolean isRecurring() {
        return cadence != null;
    }

    /** The product's billing cycle; only for a recurring product. */
    public BillingCycle cycle() {
        if (cadence == null) {
            throw new IllegalStateException("product " + productId + " is one-off");
        }
        try {
            return new BillingCycle(cadence, anchorDay, ZoneId.of(zone));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone: " + zone);
        }
    }
}
