package io.tollgrid.ingest.formats;

/** How a call ended, as stored on the CDR (the gateway writes ANSWERED too). */
public enum Disposition {
    ANSWERED, NO_ANSWER, BUSY, FAILED, CONGESTION
}
