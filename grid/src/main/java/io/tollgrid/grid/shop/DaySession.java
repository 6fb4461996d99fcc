package io.tollgrid.grid.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's day session in a shop: opened with a cash float, closed with the cash counted. The operator's marks
 * on its calls live in it, so one transaction on the session covers a payment of several calls. Once closed it also
 * holds the calls as they stood (the day report's), and never changes again. Stored in Ignite, hence a final class.
 */
public final class DaySession {
    /** The most calls a session marks or keeps: one read of the CDR history answers at most this many. */
    public static final int MAX_CALLS = 10_000;

    private final String sessionId;
    private final String tenantId;
    private final String operatorId;
    private final long openedAtMillis;
    private final long floatMicros;
    private final long closedAtMillis;
    private final long countedMicros;
    private final int receipts;
    private final HashMap<String, CallMark> marks;
    private final ArrayList<SessionCall> closedCalls;

    private DaySession(String sessionId, String tenantId, String operatorId, long openedAtMillis, long floatMicros,
                       long closedAtMillis, long countedMicros, int receipts, Map<String, CallMark> marks,
                       List<SessionCall> closedCalls) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
        if (floatMicros < 0 || countedMicros < 0) {
            throw new IllegalArgumentException("cash is never negative");
        }
        if (closedAtMillis != 0 && closedAtMillis < openedAtMillis) {
            throw new IllegalArgumentException("a session cannot close before it opened");
        }
        if (marks.size() > MAX_CALLS || closedCalls.size() > MAX_CALLS) {
            throw new IllegalArgumentException("a session holds at most " + MAX_CALLS + " calls");
        }
        this.openedAtMillis = openedAtMillis;
        this.floatMicros = floatMicros;
        this.closedAtMillis = closedAtMillis;
        this.countedMicros = countedMicros;
        this.receipts = receipts;
        this.marks = new HashMap<>(marks);
        this.closedCalls = new ArrayList<>(closedCalls);
    }

    static DaySession opened(String sessionId, String tenantId, String operatorId, long atMillis, long floatMicros) {
        return new DaySession(sessionId, tenantId, operatorId, atMillis, floatMicros, 0, 0, 0, Map.of(), List.of());
    }

    DaySession marked(Map<String, CallMark> changes, boolean newReceipt) {
        if (!isOpen()) {
            throw new IllegalStateException("a closed session is read-only");
        }
        Map<String, CallMark> next = new HashMap<>(marks);
        next.putAll(changes);
        return new DaySession(sessionId, tenantId, operatorId, openedAtMillis, floatMicros, 0, 0,
                receipts + (newReceipt ? 1 : 0), next, List.of());
    }

    DaySession closed(long atMillis, long countedMicros, List<SessionCall> calls) {
        if (!isOpen()) {
            throw new IllegalStateException("a session closes once");
        }
        return new DaySession(sessionId, tenantId, operatorId, openedAtMillis, floatMicros, Math.max(atMillis,
                openedAtMillis), countedMicros, receipts, marks, calls);
    }

    public String sessionId() { return sessionId; }
    public String tenantId() { return tenantId; }
    public String operatorId() { return operatorId; }
    public long openedAtMillis() { return openedAtMillis; }
    public long floatMicros() { return floatMicros; }
    /** 0 while open. */
    public long closedAtMillis() { return closedAtMillis; }
    public long countedMicros() { return countedMicros; }
    public int receipts() { return receipts; }
    public boolean isOpen() { return closedAtMillis == 0; }
    public Map<String, CallMark> marks() { return Map.copyOf(marks); }
    /** The calls as they stood at close; empty while open. */
    public List<SessionCall> closedCalls() { return List.copyOf(closedCalls); }

    /** What the cash drawer should hold: the float plus every call paid in the session. */
    public long expectedMicros() {
        long expected = floatMicros;
        for (CallMark mark : marks.values()) {
            expected = Math.addExact(expected, mark.sellMicros());
        }
        return expected;
    }
}
