/**
 * Discounts on a rated call: volume tiers by call type (a property of a plan's rate table) and discount
 * packages assigned to an account or extension. Works on costs already rated; never looks up prices.
 */
package io.tollgrid.rating.discount;
