/**
 * CDRs a switch pushes instead of writing files: a PBX streaming one line per call to a TCP port (SMDR,
 * {@link io.tollgrid.ingest.push.TcpLineServer}) and a switch posting one CDR document per call over HTTP
 * ({@link io.tollgrid.ingest.push.CdrHttpServer}, FreeSWITCH {@code mod_json_cdr}). Both hand what they
 * received to {@link io.tollgrid.ingest.push.PushedLines}, which archives it raw, then parses, prices and writes it
 * with the file import's own archive, rating and store, under a key made of the content alone, so a record
 * pushed twice is one row. Owns no format and no price rule of its own; never posts to a balance.
 */
package io.tollgrid.ingest.push;
