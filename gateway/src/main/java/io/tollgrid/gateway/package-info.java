/**
 * The HTTP gateway process: wiring of the Ignite client, the CDR store, metrics and the Vert.x server.
 * Each API lives in its own package (calls, tenant, admin); shared request/response rules in http.
 */
package io.tollgrid.gateway;
