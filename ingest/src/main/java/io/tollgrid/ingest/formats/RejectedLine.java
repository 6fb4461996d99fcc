package io.tollgrid.ingest.formats;

/** A line that cannot become a CDR, with the reason and a detail naming the field. Expected, not a bug. */
public final class RejectedLine extends Exception {
    private final RejectReason reason;

    public RejectedLine(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
