package io.tollgrid.grid.account;

/**
 * How much authorise reserves.
 * FULL (the default): the cost of the longest affordable call, once. SIP switches (Kamailio's dialog
 * timer, FreeSWITCH sched_hangup, Asterisk Dial L()) enforce one absolute limit set at call setup and
 * send no credit re-requests, so only a full reservation keeps them from overspending.
 * INCREMENTAL: a first slice, extended on each interim; for Diameter-style clients and for many long
 * calls sharing one balance, where a full reservation would lock funds other calls could use.
 */
public enum ReservationStrategy { FULL, INCREMENTAL }
