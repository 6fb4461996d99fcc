/** The calling-card API: making a batch of PIN accounts (docs/back-office.md, "Calling cards"). */
package io.tollgrid.gateway.card;
