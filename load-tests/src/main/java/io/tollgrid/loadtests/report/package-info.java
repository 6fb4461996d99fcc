/**
 * What every benchmark prints beside its numbers: the machine (cores, memory, JDK, load average) and
 * latency summaries taken from HdrHistogram. Owns no measurement itself.
 */
package io.tollgrid.loadtests.report;
