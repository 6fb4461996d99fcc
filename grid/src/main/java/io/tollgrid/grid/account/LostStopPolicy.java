package io.tollgrid.grid.account;

/**
 * What the session reaper does with an answered call whose switch went silent (its stop never arrived) once the
 * call's grant and the session TTL have run out (docs/charging.md, "A stop that never arrives"). A call that was
 * never answered is voided under either policy: it cost nothing.
 *
 * <p>VOID: release the reservation and charge nothing; a late stop still bills the call, within the funds left.
 * CHARGE_ELAPSED (the default): charge from answer to the reap, capped at what was granted, and write the CDR
 * flagged as estimated; a late real stop then corrects the charge and the CDR to the real duration, once.
 */
public enum LostStopPolicy {
    VOID,
    CHARGE_ELAPSED;

    public static final LostStopPolicy DEFAULT = CHARGE_ELAPSED;
}
