package io.tollgrid.ingest.files;

import io.tollgrid.grid.charging.PlanTariff;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.rateplan.DeckSummary;
import io.tollgrid.grid.rateplan.RateDecks;
import io.tollgrid.grid.rateplan.RatePlan;
import io.tollgrid.ingest.formats.RejectReason;
import io.tollgrid.ingest.formats.RejectedLine;
import io.tollgrid.rating.csv.DeckCsv;
import io.tollgrid.rating.deck.Rate;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.prefix.DialRule;
import io.tollgrid.rating.prefix.Digits;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grid's rate plans as ingest prices with them, by the same rules as the charging core: a plan the active
 * deck defines is priced by the deck, any other by its flat rate ({@link PlanTariff}, the one place of that rule), so an
 * imported CDR costs what the same call costs at stop.
 *
 * <p>This process is an Ignite client and holds no compiled deck, so it compiles the active version from the
 * grid's store itself and checks the active version (one replicated read) at most every
 * {@value #REFRESH_MILLIS} ms; flat plans are cached as long. A price changed in the grid reaches imports
 * that much later. Thread-safe.
 */
public final class PlanPrices {
    static final long REFRESH_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PlanPrices.class);

    private record Snapshot(RateDeck deck, Map<String, Optional<RatePlan>> flat, long checkedAtMillis) {
    }

    private final Ignite ignite;
    private final GridAdmin plans;
    /** Checked at 0: the first call loads. */
    private volatile Snapshot snapshot = new Snapshot(null, new ConcurrentHashMap<>(), 0);

    private final ExtensionDepartments departments;

    public PlanPrices(Ignite ignite) {
        this.ignite = ignite;
        this.plans = ignite == null ? null : new GridAdmin(ignite);
        this.departments = plans == null ? ExtensionDepartments.NONE : ExtensionDepartments.of(plans);
    }

    /** The departments of the grid's extensions, as CDRs of files carry them; read through the same client. */
    ExtensionDepartments departments() {
        return departments;
    }

    /**
     * The E.164 digits of a dialled number: the source's own rule if it has one, else the deck's rule for the
     * source's dial source, else the digits as they are.
     */
    public String normalise(FileSource source, String dialled) throws RejectedLine {
        RateDeck deck = current().deck();
        String digits;
        if (source.dialRule() != null) {
            digits = Digits.unpack(source.dialRule().normalise(dialled));
        } else if (deck != null) {
            digits = deck.normalise(source.dialSource(), dialled);
        } else {
            digits = Digits.unpack(DialRule.E164.normalise(dialled));
        }
        if (digits.isEmpty()) {
            throw new RejectedLine(RejectReason.NOT_A_NUMBER, "the dialled number is not a phone number: " + dialled);
        }
        return digits;
    }

    /** How a call to these (normalised) digits, set up at start, is priced under the plan. */
    public PlanTariff.Priced price(String planId, String digits, Instant start) throws RejectedLine {
        Snapshot now = current();
        PlanTariff tariff = PlanTariff.of(now.deck(), planId, id -> now.flat().computeIfAbsent(id,
                plans::ratePlan).orElse(null));
        if (tariff instanceof PlanTariff.FromDeck deck) {
            long startSecond = start.getEpochSecond();
            long number = Digits.pack(digits);
            Rate rate = deck.plan().find(number, startSecond);
            if (!rate.isRated()) {
                throw new RejectedLine(RejectReason.UNRATED, "plan " + planId + " has no rate for " + digits
                        + " (" + rate.verdict() + ")");
            }
            return deck.price(rate, number, startSecond);
        }
        if (tariff instanceof PlanTariff.Flat flat) {
            return flat.price();
        }
        throw new RejectedLine(RejectReason.UNKNOWN_PLAN, "no rate plan " + planId + " in the grid");
    }

    private Snapshot current() {
        Snapshot now = snapshot;
        if (System.currentTimeMillis() - now.checkedAtMillis() < REFRESH_MILLIS) {
            return now;
        }
        synchronized (this) {
            now = snapshot;
            if (System.currentTimeMillis() - now.checkedAtMillis() < REFRESH_MILLIS) {
                return now;
            }
            RateDeck deck = now.deck();
            RateDecks decks = new RateDecks(ignite);
            Optional<DeckSummary> active = decks.active();
            if (active.isPresent() && (deck == null || deck.version() != active.get().version())) {
                long version = active.get().version();
                Map<String, String> tables = decks.tables(version).orElseThrow(
                        () -> new IllegalStateException("rate deck version " + version + " is active but not stored"));
                long started = System.nanoTime();
                deck = DeckCsv.read(version, tables);
                LOG.info("file imports price with rate deck version {} (compiled in {} ms)", version,
                        (System.nanoTime() - started) / 1_000_000);
            }
            snapshot = new Snapshot(deck, new ConcurrentHashMap<>(), System.currentTimeMillis());
            return snapshot;
        }
    }
}
