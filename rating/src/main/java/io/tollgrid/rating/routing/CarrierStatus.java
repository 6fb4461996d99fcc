package io.tollgrid.rating.routing;

/** Whether a carrier may be offered at all; a BLOCKED carrier is skipped by every plan. */
public enum CarrierStatus {
    ACTIVE,
    BLOCKED
}
