package io.tollgrid.rating.routing;

/**
 * What a carrier must reach for a destination, over its last calls there, to be offered by a QUALITY plan.
 * A carrier with fewer than {@code minCalls} outcomes in its window is not judged yet, so a new carrier
 * gets traffic to be judged on.
 *
 * @param minAsr        least answered/attempted, e.g. 0.4
 * @param minAcdSeconds least answered seconds per answered call, e.g. 30
 * @param minCalls      outcomes needed before the carrier is judged, 1 to the window's capacity
 */
public record QualityThreshold(Fraction minAsr, Fraction minAcdSeconds, int minCalls) implements java.io.Serializable {
    public QualityThreshold {
        if (minAsr == null || minAcdSeconds == null) {
            throw new IllegalArgumentException("minAsr and minAcdSeconds are required");
        }
        if (minAsr.numerator() > minAsr.denominator()) {
            throw new IllegalArgumentException("minAsr must be at most 1: " + minAsr.toPlainString());
        }
        if (minCalls < 1 || minCalls > QualityWindow.MAX_CAPACITY) {
            throw new IllegalArgumentException("minCalls must be 1 to " + QualityWindow.MAX_CAPACITY + ": " + minCalls);
        }
    }

    /** True when the window is too short to judge, or both its ASR and ACD reach the threshold. */
    public boolean accepts(QualityWindow window) {
        if (window.calls() < minCalls) {
            return true;
        }
        return minAsr.isAtMost(window.answered(), window.calls())
                && minAcdSeconds.isAtMost(window.answeredSeconds(), window.answered());
    }
}
