package io.tollgrid.ingest.formats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A file's header row as formats that find their columns by name (CUCM, Yeastar) read it: the column of each
 * name (the first, if a name repeats) and the row's width.
 */
record HeaderRow(Map<String, Integer> index, int width) {
    HeaderRow {
        index = Map.copyOf(index);
    }

    /**
     * @param names   the file's header lines (the row is the first)
     * @param key     how a header cell becomes the name looked up
     * @param summary the format, for the rejects ("CUCM")
     * @throws RejectedLine NOT_A_CALL_RECORD when there is no row or it lacks a required name
     */
    static HeaderRow read(List<String> names, UnaryOperator<String> key, List<String> required, String summary)
            throws RejectedLine {
        if (names.isEmpty()) {
            throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "the file has no " + summary + " header row");
        }
        // Exports meant for spreadsheets begin with a UTF-8 byte-order mark, before the first quote.
        String row = names.get(0).startsWith("\uFEFF") ? names.get(0).substring(1) : names.get(0);
        Columns cells = Columns.split(row);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            index.putIfAbsent(key.apply(cells.text(i)), i);
        }
        for (String name : required) {
            if (!index.containsKey(name)) {
                throw new RejectedLine(RejectReason.NOT_A_CALL_RECORD, "the " + summary + " header has no column " + name);
            }
        }
        return new HeaderRow(index, cells.size());
    }
}
