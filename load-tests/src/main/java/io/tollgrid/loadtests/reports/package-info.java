/**
 * The reports benchmark (issue 15): a year of one account's CDRs written through the CDR store with its rollups,
 * then the time a year's usage report takes from the rollups, and the memory a full-range page-by-page read (what
 * the CSV export does) holds.
 */
package io.tollgrid.loadtests.reports;
