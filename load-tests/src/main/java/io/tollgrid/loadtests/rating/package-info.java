/**
 * Rating benchmarks: a generated deck of a million prefixes, priced with JMH (lookup plus cost per
 * second per core), and its build time and retained heap size. Only reads the rating library's public
 * API; never run by the test build.
 */
package io.tollgrid.loadtests.rating;
