package io.tollgrid.grid.shop;

import java.util.Objects;

/**
 * The operator's mark on one call of a session. Stored in Ignite, hence a final class, not a record.
 *
 * @param sellMicros what the customer paid for it (PAID), else 0
 * @param receiptId  the receipt it was paid on (PAID), else null
 */
public final class CallMark {
    private final CallStatus status;
    private final long sellMicros;
    private final String receiptId;
    private final long atMillis;

    public CallMark(CallStatus status, long sellMicros, String receiptId, long atMillis) {
        this.status = Objects.requireNonNull(status, "status");
        if (status == CallStatus.UNSERVED) {
            throw new IllegalArgumentException("UNSERVED is the absence of a mark");
        }
        if ((status == CallStatus.PAID) != (receiptId != null) || sellMicros < 0
                || (status != CallStatus.PAID && sellMicros != 0)) {
            throw new IllegalArgumentException("a paid call, and only a paid call, has a receipt and an amount");
        }
        this.sellMicros = sellMicros;
        this.receiptId = receiptId;
        this.atMillis = atMillis;
    }

    public CallStatus status() {
        return status;
    }

    public long sellMicros() {
        return sellMicros;
    }

    public String receiptId() {
        return receiptId;
    }

    public long atMillis() {
        return atMillis;
    }
}
