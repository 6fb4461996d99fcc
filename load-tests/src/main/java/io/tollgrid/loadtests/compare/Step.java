package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.StepResult;

import java.util.OptionalLong;

/**
 * One rate step of one system: what the generator saw, the CPU it cost, and what was left to do after it.
 *
 * @param backlog rated CDRs still in Tollgrid's outbox when the step ended (empty for the other systems)
 */
record Step(StepResult load, CpuUse cpu, OptionalLong backlog) {
}
