package io.tollgrid.grid.session;

/**
 * REAPED: the switch went silent past the TTL; the reservation was voided. A late stop still bills.
 * ESTIMATED: the switch went silent on an answered call and the reaper charged the time from answer to the reap,
 * capped at the grant (LostStopPolicy.CHARGE_ELAPSED); a late stop corrects the charge to the real duration, once.
 */
public enum SessionState { AUTHORISED, ANSWERED, STOPPED, REAPED, ESTIMATED }
