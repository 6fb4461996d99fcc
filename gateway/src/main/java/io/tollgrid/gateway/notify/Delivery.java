package io.tollgrid.gateway.notify;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A row of the delivery log: the notification, its state, how many attempts were made and why the last failed.
 *
 * @param claimedAt when the current holder claimed it or last tried it (a holder that stops refreshing it is
 *                  presumed gone once the lease has passed, and another gateway takes the delivery over)
 */
public record Delivery(Notification notification, LocalDate day, DeliveryState state, int attempts, String lastError,
                       String claimedBy, Instant claimedAt, Instant deliveredAt) {
}
