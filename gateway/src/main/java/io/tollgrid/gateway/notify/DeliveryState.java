package io.tollgrid.gateway.notify;

/** A delivery's state in the log: claimed and being tried, sent, or given up. */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED
}
