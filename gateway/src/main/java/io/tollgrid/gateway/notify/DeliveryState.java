package io.tollgrid.gateway.notify;

/**
 * A delivery's state in the log: claimed and being tried, sent, given up, or held back by the send limits (never sent,
 * not retried).
 */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED, THROTTLED
}
