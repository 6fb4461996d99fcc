package io.tollgrid.grid.product;

import java.util.List;

/**
 * What one charge run did. {@code posted} charges moved money now; {@code replayed} ones had been posted before
 * (by a run that died before moving its cursor, or one running at the same time) and moved nothing; {@code
 * refused} ones were not posted (the first {@value #MAX_LISTED} are listed) and are due again next run.
 * {@code stoppedEarly}: the run stopped at its account limit.
 */
public record RunReport(int assignments, int posted, int replayed, int refused, List<String> refusals,
                        boolean stoppedEarly) {
    public static final int MAX_LISTED = 100;

    public RunReport {
        refusals = List.copyOf(refusals);
    }

    RunReport plus(RunReport other) {
        List<String> both = new java.util.ArrayList<>(refusals);
        other.refusals.stream().limit(Math.max(0, MAX_LISTED - both.size())).forEach(both::add);
        return new RunReport(assignments + other.assignments, posted + other.posted, replayed + other.replayed,
                refused + other.refused, both, stoppedEarly || other.stoppedEarly);
    }
}
