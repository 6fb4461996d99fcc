/**
 * The side-by-side run (issue 6): Tollgrid's local stack, a SQL-row billing design on PostgreSQL behind the
 * same kind of Vert.x front, and an empty Vert.x endpoint (the limit), driven by the same open-loop
 * generator; plus the CDR ingest comparison. Starts and stops every server it uses.
 */
package io.tollgrid.loadtests.compare;
