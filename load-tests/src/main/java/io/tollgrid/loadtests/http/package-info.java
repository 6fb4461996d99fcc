/**
 * The open-loop HTTP load generator (issue 6): call flows (authorise → start → stop) at a fixed arrival
 * rate, latency in HdrHistogram measured from the intended send time, with a realistic call mix. Knows
 * only the switch API's JSON, never a server's internals.
 */
package io.tollgrid.loadtests.http;
