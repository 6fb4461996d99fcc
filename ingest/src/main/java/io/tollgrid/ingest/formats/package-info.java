/**
 * CDR line formats of switches and PBXs (docs/cdr-files.md): each parser turns one physical line into a
 * {@link io.tollgrid.ingest.formats.SwitchCdr} with UTC instants, or refuses it with a typed
 * {@link io.tollgrid.ingest.formats.RejectedLine}. Pure functions of the line and the source's zone: no I/O,
 * no rating, no knowledge of accounts or files.
 */
package io.tollgrid.ingest.formats;
