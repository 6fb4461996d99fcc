/**
 * Carriers, route plans and the route query over HTTP: POST /admin/carriers, POST /admin/route-plans and
 * GET /v1/routes. Stores through {@link io.tollgrid.grid.routing.CarrierRoutes}, orders routes with the rating
 * library's {@link io.tollgrid.rating.routing.Router}. Not on the authorise path, and moves no money.
 */
package io.tollgrid.gateway.routing;
