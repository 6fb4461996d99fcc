package io.tollgrid.ingest.outbox;

import io.tollgrid.history.RatedCdr;

import java.io.Serializable;

/** One outbox entry on its way through the pipeline: its outbox key and the CDR it becomes. */
public record OutboxItem(String accountId, String callId, RatedCdr cdr) implements Serializable {
}
