package io.tollgrid.rating.prefix;

import io.tollgrid.rating.CallType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Decides a call's type by the longest configured prefix of its normalised number. */
public final class CallTypeTable {
    private final PrefixIndex index;
    private final CallType[] typeAt;
    private final CallType fallback;
    private final List<CallTypeRow> rows;

    public CallTypeTable(List<CallTypeRow> rows) {
        CallType defaultType = CallType.INTERNATIONAL;
        List<CallTypeRow> prefixed = new ArrayList<>();
        for (CallTypeRow row : rows) {
            if (row.prefix().equals(CallTypeRow.DEFAULT_PREFIX)) {
                defaultType = row.callType();
            } else {
                prefixed.add(row);
            }
        }
        long[] keys = new long[prefixed.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Digits.pack(prefixed.get(i).prefix());
        }
        this.index = PrefixIndex.of(keys);
        this.typeAt = new CallType[keys.length];
        for (CallTypeRow row : prefixed) {
            typeAt[index.positionOf(Digits.pack(row.prefix()))] = row.callType();
        }
        this.fallback = defaultType;
        List<CallTypeRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(CallTypeRow::prefix));
        this.rows = List.copyOf(sorted);
    }

    /** The type of a packed normalised number; the default type when no prefix matches. Allocates nothing. */
    public CallType typeOf(long number) {
        int position = index.longestPrefixOf(number);
        return position < 0 ? fallback : typeAt[position];
    }

    public List<CallTypeRow> rows() {
        return rows;
    }
}
