/**
 * The switch API over Kamailio's {@code evapi} socket: Kamailio suspends the INVITE's transaction, sends the
 * event, and resumes it when the answer arrives, so no SIP worker waits for billing. The gateway connects to
 * each configured switch and keeps the connection up; see docs/switch-integration.md.
 */
package io.tollgrid.gateway.evapi;
