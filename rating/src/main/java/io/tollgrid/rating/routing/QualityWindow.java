package io.tollgrid.rating.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} call outcomes of one carrier for one destination prefix, oldest first, and their
 * ASR (answered / calls) and ACD (answered seconds / answered) as exact counts. Immutable: {@link #with}
 * returns a new window that has dropped the oldest outcome once full.
 */
public record QualityWindow(int capacity, List<CallOutcome> outcomes) implements java.io.Serializable {
    /** N, the calls a window holds unless told otherwise: enough to tell 40% ASR from 60% on one destination. */
    public static final int DEFAULT_CAPACITY = 100;
    /** The bound on N: a window is copied on every outcome, so it stays small. */
    public static final int MAX_CAPACITY = 1_000;
    /** No call is longer than this; keeps the sum of a full window far from overflow. */
    public static final long MAX_DURATION_SECONDS = 7L * 24 * 3600;

    public QualityWindow {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("window capacity must be 1 to " + MAX_CAPACITY + ": " + capacity);
        }
        outcomes = List.copyOf(outcomes);
        if (outcomes.size() > capacity) {
            throw new IllegalArgumentException("a window of " + capacity + " cannot hold " + outcomes.size() + " outcomes");
        }
        for (CallOutcome outcome : outcomes) {
            if (outcome.durationSeconds() > MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException("call duration above " + MAX_DURATION_SECONDS + " s: " + outcome.durationSeconds());
            }
        }
    }

    public static QualityWindow empty(int capacity) {
        return new QualityWindow(capacity, List.of());
    }

    /** This window with one more outcome, the oldest dropped when full. */
    public QualityWindow with(CallOutcome outcome) {
        int keepFrom = outcomes.size() == capacity ? 1 : 0;
        List<CallOutcome> next = new ArrayList<>(outcomes.size() + 1 - keepFrom);
        next.addAll(outcomes.subList(keepFrom, outcomes.size()));
        next.add(outcome);
        return new QualityWindow(capacity, next);
    }

    public int calls() {
        return outcomes.size();
    }

    public int answered() {
        int answered = 0;
        for (CallOutcome outcome : outcomes) {
            if (outcome.answered()) {
                answered++;
            }
        }
        return answered;
    }

    public long answeredSeconds() {
        long seconds = 0;
        for (CallOutcome outcome : outcomes) {
            seconds += outcome.durationSeconds();
        }
        return seconds;
    }
}
