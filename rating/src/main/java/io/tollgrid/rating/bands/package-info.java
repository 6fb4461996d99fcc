/**
 * Time bands: which named band (peak, off-peak, weekend) is in force at an instant, by day of week and
 * wall-clock time in the plan's zone, and when it next changes. Handles midnight, week wrap and
 * daylight-saving changes without allocating. Knows nothing of prices.
 */
package io.tollgrid.rating.bands;
