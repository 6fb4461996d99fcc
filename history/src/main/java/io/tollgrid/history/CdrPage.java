package io.tollgrid.history;

import java.util.List;

/**
 * One page of a CDR search.
 *
 * @param rows    the matching CDRs, oldest first
 * @param next    where the next page starts, or null when the range holds nothing more
 * @param scanned how many rows were read to find them
 */
public record CdrPage(List<RatedCdr> rows, CdrPosition next, long scanned) {
    public CdrPage {
        rows = List.copyOf(rows);
        if (scanned < 0) {
            throw new IllegalArgumentException("scanned must not be negative");
        }
    }
}
