/**
 * The grid benchmark (issue 4): authorise → stop flows against {@code ChargingClient} from an Ignite client
 * node, with the server nodes in their own JVMs as production runs them. Touches the grid only through
 * its public client and admin API.
 */
package io.tollgrid.loadtests.grid;
