package io.tollgrid.grid.charging;

public enum Outcome {
    /** The operation applied, or had already applied (see {@link ChargingResult#replay()}). */
    OK,
    /** Authorisation refused; {@link ChargingResult#denyReason()} says why. */
    DENIED,
    /** No such account. */
    UNKNOWN_ACCOUNT,
    /** No session with that call-id for that account: start or stop without authorise. */
    UNKNOWN_SESSION,
    /** A stop named a carrier that does not exist; nothing changed. */
    UNKNOWN_CARRIER
}
