package io.tollgrid.grid.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A receipt: the calls one customer paid for at once, and their total. Stored in Ignite, hence a final class. */
public final class Receipt {
    private final String receiptId;
    private final String sessionId;
    private final String tenantId;
    private final String operatorId;
    private final ArrayList<SessionCall> calls;
    private final long totalMicros;
    private final long issuedAtMillis;

    public Receipt(String receiptId, String sessionId, String tenantId, String operatorId, List<SessionCall> calls,
                   long issuedAtMillis) {
        this.receiptId = Objects.requireNonNull(receiptId, "receiptId");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a receipt pays at least one call");
        }
        this.calls = new ArrayList<>(calls);
        long total = 0;
        for (SessionCall call : calls) {
            total = Math.addExact(total, call.sellMicros());
        }
        this.totalMicros = total;
        this.issuedAtMillis = issuedAtMillis;
    }

    public String receiptId() { return receiptId; }
    public String sessionId() { return sessionId; }
    public String tenantId() { return tenantId; }
    public String operatorId() { return operatorId; }
    public List<SessionCall> calls() { return List.copyOf(calls); }
    public long totalMicros() { return totalMicros; }
    public long issuedAtMillis() { return issuedAtMillis; }
}
