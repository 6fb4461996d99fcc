/**
 * Carriers and route plans as the grid stores them: two small replicated reference caches, read by every
 * gateway, behind {@link io.tollgrid.grid.routing.CarrierRoutes}. Ordering routes is the rating library's
 * {@link io.tollgrid.rating.routing.Router}; this package stores and hands out its inputs. It does not count
 * carrier calls (carrier limits are later) and is not on the authorise path.
 */
package io.tollgrid.grid.routing;
