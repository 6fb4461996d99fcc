package io.tollgrid.gateway.notify;

/** Where a notification goes. */
public enum Channel {
    EMAIL, WEBHOOK
}
