/**
 * Rate plans as the grid stores them (a flat tariff per plan for now). The pricing arithmetic itself
 * lives in the rating library; this package only stores and converts.
 */
package io.tollgrid.grid.rateplan;
