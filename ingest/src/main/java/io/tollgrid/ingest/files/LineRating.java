package io.tollgrid.ingest.files;

import io.tollgrid.rating.CallType;

import io.tollgrid.grid.charging.PlanTariff;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.ingest.formats.Disposition;
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
    private final ExtensionDepartments departments;

    public LineRating(Map<String, FileSource> sources, PlanPrices prices) {
        this(sources, prices, prices.departments());
    }

    LineRating(Map<String, FileSource> sources, PlanPrices prices, ExtensionDepartments departments) {
        this.sources = Map.copyOf(sources);
        this.prices = prices;
        this.departments = departments;
    }

    public RatedChunk rate(FileChunk chunk) {
        FileSource source = sources.get(chunk.source());
        if (source == null) {
            throw new IllegalStateException("a chunk of unknown source " + chunk.source());
        }
        List<RatedCdr> cdrs = new ArrayList<>(chunk.lines().size());
        List<LineReject> rejects = new ArrayList<>();
        List<Integer> cdrLines = new ArrayList<>(chunk.lines().size());
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
                cdrLines.add(line);
            } catch (RejectedLine rejected) {
                rejects.add(new LineReject(source.id(), chunk.file(), chunk.fileName(), line, raw, rejected.reason(),
                        rejected.detail()));
            }
        }
        return new RatedChunk(chunk.source(), chunk.file(), chunk.fileName(), chunk.index(), chunk.totalChunks(),
                chunk.lines().size(), cdrs, rejects, cdrLines);
    }

    /** One line: parse, find the account, normalise the number, price the billed seconds of an answered leg. */
    public RatedCdr rate(FileSource source, LineParser parser, String raw) throws RejectedLine {
        SwitchCdr cdr = parser.parse(raw);
        String account = source.accounts().accountOf(cdr);
        String format = source.parser().format();
        if (cdr.isBLeg()) {
            // Joined to its A leg (its row sits under the A leg's call id), which carries the cost: never priced,
            // so an extension or feature code it rang is no reject either.
            return classify(new RatedCdr(source.tenant(), account, RatedCdr.legCallId(cdr.aLegCallId(),
                    cdr.leg()), cdr.caller(), cdr.callee(), cdr.start(), cdr.answer(), cdr.end(), cdr.billSeconds(), 0,
                    cdr.disposition().name(), RatedCdr.B_LEG, Money.ZERO, source.currency(), format, raw, cdr.leg(),
                    cdr.answeredParty()), cdr, source);
        }
        boolean answered = cdr.disposition() == Disposition.ANSWERED && cdr.billSeconds() > 0;
        String callee;
        String rateId;
        long cost;
        long billed;
        CallType callType = null;
        if (isFeatureCode(cdr.callee())) {
            callee = cdr.callee();
            if (answered && !source.freeFeatureCodes()) {
                throw new RejectedLine(RejectReason.UNRATED, "the dialled string " + cdr.callee() + " is a feature code,"
                        + " which no rate matches, and it was answered for " + cdr.billSeconds() + " s"
                        + " (ingest.files." + source.id() + ".feature.codes=free keeps such calls at cost 0)");
            }
            rateId = answered ? RatedCdr.FEATURE_CODE : RatedCdr.UNRATED;
            cost = 0;
            billed = answered ? cdr.billSeconds() : 0;
        } else {
            callee = prices.normalise(source, cdr.callee());
            try {
                PlanTariff.Priced priced = prices.price(source.plan(), callee, cdr.start());
                rateId = priced.rateId();
                callType = priced.callType();
                cost = answered ? priced.pricing().cost(cdr.billSeconds()) : 0;
                billed = answered ? priced.pricing().billedSeconds(cdr.billSeconds()) : 0;
            } catch (RejectedLine unrated) {
                // An unanswered leg costs nothing whatever its destination: it is history, not a reject.
                if (answered || unrated.reason() != RejectReason.UNRATED) {
                    throw unrated;
                }
                rateId = RatedCdr.UNRATED;
                cost = 0;
                billed = 0;
            }
        }
        RatedCdr rated = new RatedCdr(source.tenant(), account, RatedCdr.legCallId(callId(cdr), cdr.leg()), cdr.caller(),
                callee, cdr.start(), cdr.answer(), cdr.end(), cdr.billSeconds(), billed, cdr.disposition().name(),
                rateId, Money.ofMicros(cost), source.currency(), format, raw, cdr.leg(), cdr.answeredParty());
        return classify(rated.classified(null, null, callType), cdr, source);
    }

    /** The CDR with its extension, direction, the extension's department, the PBX trunk it used and its hang-up cause. */
    private RatedCdr classify(RatedCdr rated, SwitchCdr line, FileSource source) {
        RatedCdr classified = Extensions.classify(rated, line.callee(), source.extensionDigits());
        return classified.inDepartment(departments.of(classified.accountId(), classified.extension()))
                .viaTrunk(Extensions.trunk(classified, line.sourceTrunk(), line.destinationTrunk(), source.extensionDigits()))
                .withCause(line.cause());
    }

    /**
     * A dialled string of digits with {@code *} or {@code #} (a PBX feature code such as {@code *1003} or
     * {@code *72#}): a number, kept as dialled, but not one a rate deck (digits only) can match.
     */
    static boolean isFeatureCode(String dialled) {
        return dialled.matches("[0-9*#]+") && (dialled.indexOf('*') >= 0 || dialled.indexOf('#') >= 0);
    }

    /**
     * The call part of the de-duplication key with the start time (docs/cdr-files.md), before the leg is added: the
     * switch's call id, or else caller and callee as dialled (not as normalised, so a later change of dial rules does
     * not change the key of a replay).
     */
    static String callId(SwitchCdr cdr) {
        return cdr.callId() != null ? cdr.callId() : "nocallid:" + cdr.caller() + ">" + cdr.callee();
    }
}
