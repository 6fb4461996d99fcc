package io.tollgrid.grid.session;

/** REAPED: the switch went silent past the TTL; the reservation was voided. A late stop still bills. */
public enum SessionState { AUTHORISED, ANSWERED, STOPPED, REAPED }
