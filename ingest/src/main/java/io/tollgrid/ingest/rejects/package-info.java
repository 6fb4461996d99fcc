/**
 * A source's rejects, as an operator sees and replays them: listed by the UTC day they were stored, and
 * replayed with the source's configuration and the grid's prices as they are now, so a missing rate or a
 * wrong zone, once fixed, turns them into CDRs. Uses the archive, rating and store of the file import; the
 * HTTP routes are served by {@link io.tollgrid.ingest.push.CdrHttpServer} under the admin key.
 */
package io.tollgrid.ingest.rejects;
