/**
 * The switch-facing authorisation API: authorise, start (answer) and stop, each idempotent by call-id.
 * Translates JSON to charging-core calls and back; holds no billing rules.
 */
package io.tollgrid.gateway.calls;
