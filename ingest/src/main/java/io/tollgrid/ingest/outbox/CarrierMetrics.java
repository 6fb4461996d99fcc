package io.tollgrid.ingest.outbox;

import io.prometheus.client.Counter;
import io.tollgrid.history.HangupCause;
import io.tollgrid.history.RatedCdr;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-carrier counters of the CDRs ingest writes from the grid's stops, on /metrics, so ASR, NER, ACD and the average
 * PDD follow as ratios of rates in PromQL (docs/routing.md, "Quality"), e.g. ASR =
 * {@code rate(tollgrid_ingest_carrier_answered_total[5m]) / rate(tollgrid_ingest_carrier_calls_total[5m])}. The label
 * is the carrier id only, never the destination (prefixes are unbounded), and at most {@value #MAX_CARRIERS} carriers
 * get their own label: the rest count under {@value #OTHER}. A CDR written again (an outbox replay after a crash)
 * counts again: the exact figures are the carrier report's, from the rollups.
 */
public final class CarrierMetrics {
    /** The most carriers with a label of their own in one ingest process. */
    static final int MAX_CARRIERS = 500;
    /** The label of carriers past {@link #MAX_CARRIERS}. */
    static final String OTHER = "_other";

    static final Counter CALLS = Counter.build("tollgrid_ingest_carrier_calls_total",
            "CDRs written that name the carrier that connected (or last tried) the call.").labelNames("carrier").register();
    static final Counter ANSWERED = Counter.build("tollgrid_ingest_carrier_answered_total",
            "Of those, the answered calls (ASR's numerator).").labelNames("carrier").register();
    static final Counter ANSWERED_SECONDS = Counter.build("tollgrid_ingest_carrier_answered_seconds_total",
            "Their answered seconds (ACD = this / answered).").labelNames("carrier").register();
    static final Counter NER_CALLS = Counter.build("tollgrid_ingest_carrier_ner_calls_total",
            "Calls of known outcome: answered, or ended with a Q.850 cause (NER's denominator).").labelNames("carrier")
            .register();
    static final Counter NETWORK_EFFECTIVE = Counter.build("tollgrid_ingest_carrier_network_effective_total",
            "Calls answered or ended by user busy, no answer or rejection (ITU-T E.425; NER's numerator).")
            .labelNames("carrier").register();
    static final Counter PDD_CALLS = Counter.build("tollgrid_ingest_carrier_pdd_calls_total",
            "Calls whose stop gave a post-dial delay.").labelNames("carrier").register();
    static final Counter PDD_SECONDS = Counter.build("tollgrid_ingest_carrier_pdd_seconds_total",
            "Their post-dial delays added up (average PDD = this / pdd calls).").labelNames("carrier").register();

    private static final Set<String> LABELLED = ConcurrentHashMap.newKeySet();

    private CarrierMetrics() {
    }

    /** Counts a written CDR under its carrier; one without a carrier counts nothing. */
    static void written(RatedCdr cdr) {
        if (cdr.carrierId() == null) {
            return;
        }
        String carrier = label(cdr.carrierId());
        boolean answered = "ANSWERED".equals(cdr.disposition());
        CALLS.labels(carrier).inc();
        if (answered) {
            ANSWERED.labels(carrier).inc();
            ANSWERED_SECONDS.labels(carrier).inc(cdr.durationSeconds());
        }
        if (answered || cdr.cause() != HangupCause.UNKNOWN) {
            NER_CALLS.labels(carrier).inc();
        }
        if (answered || HangupCause.isNetworkEffective(cdr.cause())) {
            NETWORK_EFFECTIVE.labels(carrier).inc();
        }
        if (cdr.pddMs() != RatedCdr.NO_PDD) {
            PDD_CALLS.labels(carrier).inc();
            PDD_SECONDS.labels(carrier).inc(cdr.pddMs() / 1000.0);
        }
    }

    /** The carrier's own label while fewer than {@value #MAX_CARRIERS} have one, else {@value #OTHER}. */
    static String label(String carrierId) {
        if (LABELLED.contains(carrierId)) {
            return carrierId;
        }
        synchronized (LABELLED) {
            if (LABELLED.size() < MAX_CARRIERS) {
                LABELLED.add(carrierId);
                return carrierId;
            }
        }
        return LABELLED.contains(carrierId) ? carrierId : OTHER;
    }
}
