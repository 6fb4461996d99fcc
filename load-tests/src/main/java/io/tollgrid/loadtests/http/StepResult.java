package io.tollgrid.loadtests.http;

import io.tollgrid.loadtests.report.Latency;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One fixed-rate step of one system.
 *
 * @param targetRate   call flows per second the generator tried to start
 * @param achievedRate authorise answers per second actually received
 * @param authorise    authorise latency from the intended send time (corrected for coordinated omission)
 * @param start        start latency from its send
 * @param stop         stop latency from its send
 * @param allowed      authorise answers ALLOW
 * @param denied       authorise answers DENY (the mix sends a share to accounts without credit)
 * @param errors       transport errors, timeouts and unexpected statuses, over all three requests
 * @param requests     HTTP requests answered, over all three
 * @param loadAvg      the machine's load average when the step ended
 */
public record StepResult(String system, double targetRate, double achievedRate, Latency authorise, Latency start,
                         Latency stop, long allowed, long denied, long errors, long requests, String loadAvg) {
    /** Held: nearly every flow started on time, no more than 0.1% errors, and authorise p99 within the limit. */
    public boolean held(double p99LimitMillis) {
        return achievedRate >= 0.95 * targetRate && errors <= Math.max(1, requests / 1000) && authorise.p99() <= p99LimitMillis;
    }

    /**
     * The step at the highest offered rate that {@code system} held under the limit, whether or not a lower
     * rate failed it (a stall of the shared box can fail one step and not the next).
     */
    public static Optional<StepResult> highestHeld(List<StepResult> steps, String system, double p99LimitMillis) {
        return steps.stream().filter(s -> s.system().equals(system) && s.held(p99LimitMillis))
                .max(Comparator.comparingDouble(StepResult::targetRate));
    }

    /** Flows whose authorise was answered ALLOW or DENY: the unit CPU is counted per. */
    public long flows() {
        return allowed + denied;
    }

    /** Past saturation: the next, higher rate is not worth running. */
    public boolean saturated() {
        return achievedRate < 0.8 * targetRate || authorise.p99() > 1000 || errors > requests / 20;
    }
}
