package io.tollgrid.rating.deck;

import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.RatingVerdict;
import io.tollgrid.rating.bands.BandClock;
import io.tollgrid.rating.bands.BandRow;
import io.tollgrid.rating.bands.BandSchedule;
import io.tollgrid.rating.bands.ZoneTimeline;
import io.tollgrid.rating.discount.DiscountPackage;
import io.tollgrid.rating.discount.Discounts;
import io.tollgrid.rating.discount.VolumeTier;
import io.tollgrid.rating.prefix.CallTypeRow;
import io.tollgrid.rating.prefix.CallTypeTable;
import io.tollgrid.rating.prefix.DialRule;
import io.tollgrid.rating.prefix.Digits;
import io.tollgrid.rating.prefix.PrefixIndex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects deck rows, validates all of them, and compiles them into a {@link RateDeck}, all or nothing:
 * {@link #build()} either returns a complete deck or throws {@link DeckRejectedException} listing every
 * error found, each prefixed by where the row came from (e.g. "rates.csv line 12"). Not thread-safe;
 * one builder per import.
 */
public final class DeckBuilder {
    private record Located<T>(T row, String where) {
    }

    private record VersionKey(Instant from, int priority) {
    }

    /** The rows of one rate (same plan, prefix, effective-from, priority), band by band. */
    private static final class Version {
        final long prefix;
        final String where;
        final RateRow first;
        final TreeMap<String, Tariff> byBand = new TreeMap<>(DeckBuilder::bandOrder);
        boolean inherited;

        Version(long prefix, String where, RateRow first) {
            this.prefix = prefix;
            this.where = where;
            this.first = first;
        }
    }

    private final long version;
    private final List<String> errors = new ArrayList<>();
    private final List<Located<PlanRow>> planRows = new ArrayList<>();
    private final List<Located<BandRow>> bandRows = new ArrayList<>();
    private final List<Located<RateRow>> rateRows = new ArrayList<>();
    private final List<Located<DialRule>> dialRules = new ArrayList<>();
    private final List<Located<CallTypeRow>> callTypeRows = new ArrayList<>();
    private final List<Located<MarkupRow>> markupRows = new ArrayList<>();
    private final List<Located<VolumeTier>> tierRows = new ArrayList<>();
    private final List<Located<DiscountPackage>> packageRows = new ArrayList<>();

    public DeckBuilder(long version) {
        this.version = version;
    }

    /** Records an error found before a row could be formed (e.g. by a parser); the build will fail. */
    public DeckBuilder reject(String where, String message) {
        errors.add(where + ": " + message);
        return this;
    }

    public DeckBuilder plan(PlanRow row, String where) {
        planRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder band(BandRow row, String where) {
        bandRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder rate(RateRow row, String where) {
        rateRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder dialRule(DialRule row, String where) {
        dialRules.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder callType(CallTypeRow row, String where) {
        callTypeRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder markup(MarkupRow row, String where) {
        markupRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder volumeTier(VolumeTier row, String where) {
        tierRows.add(new Located<>(row, where));
        return this;
    }

    public DeckBuilder discountPackage(DiscountPackage row, String where) {
        packageRows.add(new Located<>(row, where));
        return this;
    }

    public RateDeck build() {
        Map<String, Located<PlanRow>> plans = new LinkedHashMap<>();
        for (Located<PlanRow> plan : planRows) {
            if (plans.putIfAbsent(plan.row().plan(), plan) != null) {
                error(plan.where(), "plan", "plan " + plan.row().plan() + " is defined twice");
            }
        }
        List<String> order = inheritanceOrder(plans);
        unique(dialRules, DialRule::source, "source", "normalisation for source");
        unique(callTypeRows, CallTypeRow::prefix, "prefix", "call type for prefix");
        unique(packageRows, DiscountPackage::id, "package", "discount package");
        unique(markupRows, m -> m.plan() + "/" + m.group(), "group", "markup for plan/group");
        unique(tierRows, t -> t.plan() + "/" + t.callType() + "/" + t.basis() + "/" + t.threshold(), "threshold",
                "volume tier");
        knownPlan(markupRows, MarkupRow::plan, plans);
        knownPlan(tierRows, VolumeTier::plan, plans);
        knownPlan(bandRows, BandRow::plan, plans);
        for (Located<MarkupRow> markup : markupRows) {
            if (plans.containsKey(markup.row().plan()) && plans.get(markup.row().plan()).row().parent().isEmpty()) {
                error(markup.where(), "plan", "plan " + markup.row().plan() + " has no parent to mark up");
            }
        }

        Map<String, BandSchedule> schedules = new HashMap<>();
        for (String planId : order) {
            List<BandRow> own = bandRows.stream().map(Located::row).filter(b -> b.plan().equals(planId)).toList();
            PlanRow plan = plans.get(planId).row();
            if (own.isEmpty() && plan.parent().isPresent()) {
                schedules.put(planId, schedules.get(plan.parent().get()));
                continue;
            }
            try {
                schedules.put(planId, new BandSchedule(own));
            } catch (IllegalArgumentException e) {
                String where = bandRows.stream().filter(b -> b.row().plan().equals(planId)).findFirst()
                        .map(Located::where).orElse(plans.get(planId).where());
                error(where, "from", e.getMessage() + " in plan " + planId);
                schedules.put(planId, new BandSchedule(List.of()));
            }
        }

        Map<String, Map<Long, Map<VersionKey, Version>>> ownRates = groupRates(plans, schedules);
        if (!errors.isEmpty()) {
            throw new DeckRejectedException(errors);
        }

        CallTypeTable callTypes = new CallTypeTable(callTypeRows.stream().map(Located::row).toList());
        DialPlan dialPlan = new DialPlan(dialRules.stream().map(Located::row).toList(), callTypes);
        Map<String, RatePlan> compiled = new HashMap<>();
        Map<String, Map<Long, List<Version>>> effective = new HashMap<>();
        for (String planId : order) {
            PlanRow settings = plans.get(planId).row();
            Map<Long, List<Version>> versions = new HashMap<>();
            ownRates.getOrDefault(planId, Map.of()).forEach((prefix, byKey) -> versions.put(prefix,
                    new ArrayList<>(byKey.values())));
            if (settings.parent().isPresent()) {
                inherit(settings, effective.get(settings.parent().get()), versions);
            }
            effective.put(planId, versions);
            compiled.put(planId, compile(settings, schedules.get(planId), versions, dialPlan));
        }
        if (!errors.isEmpty()) {
            throw new DeckRejectedException(errors);
        }
        List<BandRow> bands = bandRows.stream().map(Located::row)
                .sorted(Comparator.comparing(BandRow::plan).thenComparing(BandRow::band)
                        .thenComparing(b -> b.days().stream().mapToInt(d -> d.getValue()).min().orElse(0))
                        .thenComparingInt(BandRow::fromSecond))
                .toList();
        List<MarkupRow> markups = markupRows.stream().map(Located::row)
                .sorted(Comparator.comparing(MarkupRow::plan).thenComparing(MarkupRow::group)).toList();
        Map<String, DiscountPackage> packages = new HashMap<>();
        packageRows.forEach(p -> packages.put(p.row().id(), p.row()));
        return new RateDeck(version, compiled, dialPlan, packages, bands, markups);
    }

    /** Plans ordered parents first; unknown parents and cycles are errors. */
    private List<String> inheritanceOrder(Map<String, Located<PlanRow>> plans) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Located<PlanRow> plan : plans.values()) {
            List<String> chain = new ArrayList<>();
            String at = plan.row().plan();
            while (at != null && !done.contains(at)) {
                if (chain.contains(at)) {
                    error(plan.where(), "parent", "plan inheritance forms a cycle: " + String.join(" -> ", chain));
                    return order;
                }
                chain.add(at);
                Located<PlanRow> row = plans.get(at);
                String parent = row.row().parent().orElse(null);
                if (parent != null && !plans.containsKey(parent)) {
                    error(row.where(), "parent", "unknown parent plan " + parent);
                    return order;
                }
                at = parent;
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                done.add(chain.get(i));
                order.add(chain.get(i));
            }
        }
        return order;
    }

    private Map<String, Map<Long, Map<VersionKey, Version>>> groupRates(Map<String, Located<PlanRow>> plans,
                                                                       Map<String, BandSchedule> schedules) {
        Map<String, Map<Long, Map<VersionKey, Version>>> byPlan = new HashMap<>();
        for (Located<RateRow> located : rateRows) {
            RateRow row = located.row();
            String where = located.where();
            BandSchedule schedule = schedules.get(row.plan());
            if (!plans.containsKey(row.plan()) || schedule == null) {
                error(where, "plan", "unknown plan " + row.plan());
                continue;
            }
            if (!row.band().equals(BandRow.DEFAULT_BAND) && schedule.bandIndex(row.band()) < 0) {
                error(where, "band", "band " + row.band() + " is not defined for plan " + row.plan());
                continue;
            }
            if (row.blocked() && !row.band().equals(BandRow.DEFAULT_BAND)) {
                error(where, "band", "a blocked destination is blocked in every band; use band *");
                continue;
            }
            long prefix = Digits.pack(row.prefix());
            Map<VersionKey, Version> versions = byPlan.computeIfAbsent(row.plan(), p -> new HashMap<>())
                    .computeIfAbsent(prefix, p -> new HashMap<>(2));
            Version version = versions.computeIfAbsent(new VersionKey(row.effectiveFrom(), row.priority()),
                    k -> new Version(prefix, where, row));
            RateRow first = version.first;
            if (!first.description().equals(row.description())) {
                error(where, "description", "differs from " + version.where + " for the same rate");
            } else if (!first.group().equals(row.group())) {
                error(where, "group", "differs from " + version.where + " for the same rate");
            } else if (first.blocked() != row.blocked()) {
                error(where, "blocked", "differs from " + version.where + " for the same rate");
            } else if (!first.effectiveTo().equals(row.effectiveTo())) {
                error(where, "effective_to", "differs from " + version.where + " for the same rate");
            } else if (row.tariff().isPresent() && version.byBand.putIfAbsent(row.band(), row.tariff().get()) != null) {
                error(where, "band", "a second row for band " + row.band() + " of prefix " + row.prefix()
                        + " from " + row.effectiveFrom() + " priority " + row.priority());
            } else if (row.blocked() && first != row) {
                error(where, "prefix", "a second blocked row for prefix " + row.prefix() + " from "
                        + row.effectiveFrom() + " priority " + row.priority());
            }
        }
        return byPlan;
    }

    private void inherit(PlanRow child, Map<Long, List<Version>> parentVersions, Map<Long, List<Version>> versions) {
        Map<String, MarkupRow> markups = new HashMap<>();
        markupRows.stream().map(Located::row).filter(m -> m.plan().equals(child.plan()))
                .forEach(m -> markups.put(m.group(), m));
        Map<Tariff, Tariff> markedUp = new HashMap<>();
        parentVersions.forEach((prefix, list) -> {
            if (versions.containsKey(prefix)) {
                return; // the child's own entries for a prefix replace all of the parent's for it
            }
            List<Version> copies = new ArrayList<>(list.size());
            for (Version parent : list) {
                Version copy = new Version(prefix, parent.where, parent.first);
                copy.inherited = true;
                MarkupRow markup = markups.getOrDefault(parent.first.group(), markups.get(MarkupRow.ANY_GROUP));
                parent.byBand.forEach((band, tariff) -> copy.byBand.put(band,
                        markup == null ? tariff : markedUp.computeIfAbsent(tariff, t -> markUp(t, markup, child))));
                copies.add(copy);
            }
            versions.put(prefix, copies);
        });
    }

    private Tariff markUp(Tariff tariff, MarkupRow markup, PlanRow child) {
        long price = tariff.price().micros();
        long connect = tariff.connectFee().micros();
        long newPrice = price + markup.percent().of(price, Rounding.UP) + markup.fixed().micros();
        long newConnect = connect + markup.percent().of(connect, Rounding.UP);
        try {
            return tariff.withPrices(Money.ofMicros(newPrice), Money.ofMicros(newConnect));
        } catch (IllegalArgumentException e) {
            error("plan " + child.plan(), "markup", e.getMessage());
            return tariff;
        }
    }

    private RatePlan compile(PlanRow settings, BandSchedule schedule, Map<Long, List<Version>> versions,
                             DialPlan dialPlan) {
        Discounts discounts = new Discounts(tierRows.stream().map(Located::row)
                .filter(t -> t.plan().equals(settings.plan())).toList());
        BandClock clock = new BandClock(schedule, new ZoneTimeline(settings.zone()), settings.crossing());
        RatePlan plan = new RatePlan(settings, clock, discounts, dialPlan);
        long[] keys = new long[versions.size()];
        int k = 0;
        for (Long prefix : versions.keySet()) {
            keys[k++] = prefix;
        }
        PrefixIndex index = PrefixIndex.of(keys);
        Rate[] candidatesAt = new Rate[keys.length];
        int[] onlyRowAt = new int[keys.length];
        PlanPricing pricing = plan.pricing();
        TariffColumns.Builder columns = new TariffColumns.Builder(clock, pricing, settings.maxGrantSeconds(),
                schedule.isUniform() ? 1 : schedule.bandNames().size());
        Map<RateTerms.Key, RateTerms> termsPool = new HashMap<>();
        Map<Destination, Destination> destinations = new HashMap<>();
        Comparator<Version> precedence = Comparator.comparingInt((Version v) -> v.first.priority()).reversed()
                .thenComparing((Version v) -> v.first.effectiveFrom(), Comparator.reverseOrder());
        for (Map.Entry<Long, List<Version>> entry : versions.entrySet()) {
            List<Version> list = entry.getValue();
            list.sort(precedence);
            Rate next = null;
            for (int i = list.size() - 1; i >= 0; i--) {
                Version v = list.get(i);
                RateRow first = v.first;
                Destination destination = destinations.computeIfAbsent(
                        new Destination(first.description(), first.group()), d -> d);
                RateTerms terms = first.blocked() ? null : terms(v, schedule, pricing, termsPool, settings);
                long from = first.effectiveFrom().getEpochSecond();
                long to = first.effectiveTo().map(Instant::getEpochSecond).orElse(Long.MAX_VALUE);
                int row = terms == null ? -1 : columns.rowOf(from, to, terms);
                next = new Rate(plan, entry.getKey(), destination,
                        first.blocked() ? RatingVerdict.DESTINATION_BLOCKED : RatingVerdict.RATED, from, to,
                        first.priority(), v.inherited, terms, row, next);
            }
            int position = index.positionOf(entry.getKey());
            candidatesAt[position] = next;
            onlyRowAt[position] = next.next == null && next.isRated() ? next.row() : PrefixIndex.NO_VALUE;
        }
        plan.attach(index.withValues(onlyRowAt), candidatesAt, columns.build());
        return plan;
    }

    private RateTerms terms(Version v, BandSchedule schedule, PlanPricing pricing, Map<RateTerms.Key, RateTerms> pool,
                            PlanRow settings) {
        String[] names = v.byBand.keySet().toArray(String[]::new);
        Tariff[] tariffs = v.byBand.values().toArray(Tariff[]::new);
        RateTerms.Key key = RateTerms.Key.of(names, tariffs);
        RateTerms found = pool.get(key);
        if (found != null) {
            return found;
        }
        List<String> bandNames = schedule.bandNames();
        boolean uniform = schedule.isUniform();
        PricedTariff[] byBand = new PricedTariff[uniform ? 1 : bandNames.size()];
        Map<Tariff, PricedTariff> priced = new HashMap<>();
        for (int band = 0; band < byBand.length; band++) {
            int scheduleBand = uniform ? schedule.bandAtSecondOfWeek(0) : band;
            Tariff tariff = v.byBand.getOrDefault(bandNames.get(scheduleBand), v.byBand.get(BandRow.DEFAULT_BAND));
            if (tariff == null) {
                if (schedule.isReachable(scheduleBand)) {
                    error(v.where, "band", "prefix " + Digits.unpack(v.prefix) + " in plan " + settings.plan()
                            + " has no row for band " + bandNames.get(scheduleBand) + " and no row for band *");
                }
                tariff = v.byBand.firstEntry().getValue();
            }
            byBand[band] = priced.computeIfAbsent(tariff,
                    t -> new PricedTariff(t, pricing.scope, pricing.rounding, pricing.quantum));
        }
        RateTerms terms = new RateTerms(names, tariffs, byBand);
        pool.put(key, terms);
        return terms;
    }

    private <T> void unique(List<Located<T>> rows, java.util.function.Function<T, String> key, String column,
                            String what) {
        Map<String, String> seen = new HashMap<>();
        for (Located<T> row : rows) {
            String previous = seen.putIfAbsent(key.apply(row.row()), row.where());
            if (previous != null) {
                error(row.where(), column, what + " " + key.apply(row.row()) + " is already defined at " + previous);
            }
        }
    }

    private <T> void knownPlan(List<Located<T>> rows, java.util.function.Function<T, String> plan,
                               Map<String, Located<PlanRow>> plans) {
        for (Located<T> row : rows) {
            if (!plans.containsKey(plan.apply(row.row()))) {
                error(row.where(), "plan", "unknown plan " + plan.apply(row.row()));
            }
        }
    }

    private void error(String where, String column, String message) {
        errors.add(where + " column " + column + ": " + message);
    }

    /** "*" first, then band names alphabetically: the canonical order for export. */
    static int bandOrder(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals(BandRow.DEFAULT_BAND)) {
            return -1;
        }
        if (b.equals(BandRow.DEFAULT_BAND)) {
            return 1;
        }
        return a.compareTo(b);
    }
}
