package io.tollgrid.ingest.files;

import io.tollgrid.grid.charging.PlanTariff;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.formats.LineParser;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.formats.RejectedLine;
import io.tollgrid.ingest.formats.SwitchCdr;
import io.tollgrid.money.Money;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The middle stage: each archived line parsed by its source's format and priced, becoming a rated CDR or a
 * reject; header lines become neither. Thread-safe (the prices are shared by the stage's processors).
 */
public final class LineRating {
    private final Map<String, FileSource> sources;
    private final PlanPrices prices;

    public LineRating(Map<String, FileSource> sources, PlanPrices prices) {
        this.sources = Map.copyOf(sources);
        this.prices = prices;
    }

    public RatedChunk rate(FileChunk chunk) {
        FileSource source = sources.get(chunk.source());
        if (source == null) {
            throw new IllegalStateException("a chunk of unknown source " + chunk.source());
        }
        List<RatedCdr> cdrs = new ArrayList<>(chunk.lines().size());
        List<LineReject> rejects = new ArrayList<>();
        LineParser parser;
        RejectedLine badHeader = null;
        try {
            parser = source.parser().forHeader(chunk.header());
        } catch (RejectedLine rejected) {
            parser = null;
            badHeader = rejected;
        }
        for (int i = 0; i < chunk.lines().size(); i++) {
            int line = chunk.firstLine() + i;
            String raw = chunk.lines().get(i);
            if (line <= source.parser().headerLines()) {
                continue;
            }
            try {
                if (badHeader != null) {
                    throw badHeader;
                }
                cdrs.add(rate(source, parser, raw));
            } catch (RejectedLine rejected) {
                rejects.add(new LineReject(source.id(), chunk.file(), chunk.fileName(), line, raw, rejected.reason(),
                        rejected.detail()));
            }
        }
        return new RatedChunk(chunk.source(), chunk.file(), chunk.fileName(), chunk.index(), chunk.totalChunks(),
                chunk.lines().size(), cdrs, rejects);
    }

    /** One line: parse, find the account, normalise the number, price the billed seconds. */
    public RatedCdr rate(FileSource source, LineParser parser, String raw) throws RejectedLine {
        SwitchCdr cdr = parser.parse(raw);
        String account = source.accounts().accountOf(cdr);
        String digits = prices.normalise(source, cdr.callee());
        String rateId;
        long cost;
        long billed;
        try {
            PlanTariff.Priced priced = prices.price(source.plan(), digits, cdr.start());
            rateId = priced.rateId();
            cost = priced.pricing().cost(cdr.billSeconds());
            billed = priced.pricing().billedSeconds(cdr.billSeconds());
        } catch (RejectedLine unrated) {
            // An unanswered call costs nothing whatever its destination: it is history, not a reject.
            if (cdr.billSeconds() > 0 || unrated.reason() != RejectReason.UNRATED) {
                throw unrated;
            }
            rateId = "unrated";
            cost = 0;
            billed = 0;
        }
        return new RatedCdr(source.tenant(), account, callId(cdr), cdr.caller(), digits, cdr.start(), cdr.answer(),
                cdr.end(), cdr.durationSeconds(), billed, cdr.disposition().name(), rateId, Money.ofMicros(cost),
                source.currency(), source.parser().format(), raw);
    }

    /**
     * The de-duplication key with the start time (docs/cdr-files.md): the switch's call id, or else caller and callee
     * as dialled (not as normalised, so a later change of dial rules does not change the key of a replay).
     */
    static String callId(SwitchCdr cdr) {
        return cdr.callId() != null ? cdr.callId() : "nocallid:" + cdr.caller() + ">" + cdr.callee();
    }
}
