/**
 * Carriers and route plans as the grid stores them: two small replicated reference caches, read by every
 * gateway, behind {@link io.tollgrid.grid.routing.CarrierRoutes}, and each node's copy of them for the authorise
 * path, {@link io.tollgrid.grid.routing.RoutingTable}. Ordering routes is the rating library's
 * {@link io.tollgrid.rating.routing.Router}; this package stores and hands out its inputs. Counting carrier calls
 * and putting routes into authorise belong to the charging package (docs/routing.md).
 */
package io.tollgrid.grid.routing;
