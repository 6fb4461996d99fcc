package io.tollgrid.rating.csv;

import io.tollgrid.money.CurrencyPrecision;
import io.tollgrid.money.Money;
import io.tollgrid.money.Rounding;
import io.tollgrid.rating.CallType;
import io.tollgrid.rating.bands.BandCrossing;
import io.tollgrid.rating.bands.BandRow;
import io.tollgrid.rating.deck.ChargeUnit;
import io.tollgrid.rating.deck.DeckBuilder;
import io.tollgrid.rating.deck.DeckRejectedException;
import io.tollgrid.rating.deck.MarkupRow;
import io.tollgrid.rating.deck.PlanRow;
import io.tollgrid.rating.deck.RateDeck;
import io.tollgrid.rating.deck.RateRow;
import io.tollgrid.rating.deck.RoundingScope;
import io.tollgrid.rating.deck.Tariff;
import io.tollgrid.rating.discount.DiscountPackage;
import io.tollgrid.rating.discount.VolumeBasis;
import io.tollgrid.rating.discount.VolumeTier;
import io.tollgrid.rating.prefix.CallTypeRow;
import io.tollgrid.rating.prefix.DialRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads and writes a deck as CSV tables. plans.csv and rates.csv are required; the other tables may be
 * absent. Column sets are fixed (see docs/rating.md); columns may come in any order on import and are
 * written in the documented order on export.
 */
public final class DeckCsv {
    private record Table(String file, List<String> columns, BiConsumer<Fields, DeckBuilder> reader,
                         Function<RateDeck, List<List<String>>> writer) {
    }

    public static final String PLANS = "plans.csv";
    public static final String RATES = "rates.csv";

    private static final List<Table> TABLES = List.of(
            new Table(PLANS, List.of("plan", "parent", "time_zone", "currency_decimals", "band_crossing", "rounding",
                    "rounding_scope", "max_grant_seconds"), DeckCsv::readPlan, DeckCsv::writePlans),
            new Table("bands.csv", List.of("plan", "band", "days", "from", "to"), DeckCsv::readBand,
                    DeckCsv::writeBands),
            new Table(RATES, List.of("plan", "prefix", "description", "group", "band", "blocked", "unit", "price",
                    "connect_fee", "initial_increment", "next_increment", "minimum_seconds", "grace_seconds",
                    "effective_from", "effective_to", "priority"), DeckCsv::readRate, DeckCsv::writeRates),
            new Table("normalisation.csv", List.of("source", "strip_prefix", "international_prefix",
                    "national_prefix", "country_code"), DeckCsv::readDialRule, DeckCsv::writeDialRules),
            new Table("call_types.csv", List.of("prefix", "call_type"), DeckCsv::readCallType,
                    DeckCsv::writeCallTypes),
            new Table("markups.csv", List.of("plan", "group", "percent", "fixed"), DeckCsv::readMarkup,
                    DeckCsv::writeMarkups),
            new Table("volume_discounts.csv", List.of("plan", "call_type", "basis", "threshold", "percent"),
                    DeckCsv::readVolumeTier, DeckCsv::writeVolumeTiers),
            new Table("discount_packages.csv", List.of("package", "call_type", "group", "percent"),
                    DeckCsv::readPackage, DeckCsv::writePackages));

    private DeckCsv() {
    }

    /** The table file names, in export order. */
    public static List<String> tableNames() {
        return TABLES.stream().map(Table::file).toList();
    }

    /**
     * Parses and compiles a deck from table contents keyed by file name. Nothing is returned unless every
     * row of every table is valid.
     *
     * @throws DeckRejectedException listing each error with file, line and column
     */
    public static RateDeck read(long version, Map<String, String> tables) {
        List<String> errors = new ArrayList<>();
        DeckBuilder builder = new DeckBuilder(version);
        for (String name : tables.keySet()) {
            if (!tableNames().contains(name)) {
                errors.add(name + ": not a deck table; expected one of " + tableNames());
            }
        }
        for (Table table : TABLES) {
            String text = tables.get(table.file());
            if (text == null) {
                if (table.file().equals(PLANS) || table.file().equals(RATES)) {
                    errors.add(table.file() + ": missing");
                }
                continue;
            }
            readTable(table, text, builder, errors);
        }
        if (!errors.isEmpty()) {
            throw new DeckRejectedException(errors);
        }
        return builder.build();
    }

    /** Reads every *.csv deck table in a directory (UTF-8). */
    public static RateDeck read(long version, Path directory) {
        Map<String, String> tables = new HashMap<>();
        for (String name : tableNames()) {
            Path file = directory.resolve(name);
            if (Files.exists(file)) {
                try {
                    tables.put(name, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        return read(version, tables);
    }

    /** Every table (header included, even when empty) as CSV text, keyed by file name, in canonical order. */
    public static Map<String, String> write(RateDeck deck) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (Table table : TABLES) {
            StringBuilder out = new StringBuilder();
            Csv.write(out, table.columns());
            for (List<String> row : table.writer().apply(deck)) {
                Csv.write(out, row);
            }
            tables.put(table.file(), out.toString());
        }
        return tables;
    }

    public static void write(RateDeck deck, Path directory) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> table : write(deck).entrySet()) {
                Files.writeString(directory.resolve(table.getKey()), table.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write deck to " + directory, e);
        }
    }

    private static void readTable(Table table, String text, DeckBuilder builder, List<String> errors) {
        List<Csv.Record> records;
        try {
            records = Csv.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IllegalArgumentException e) {
            errors.add(table.file() + " " + e.getMessage());
            return;
        }
        if (records.isEmpty()) {
            errors.add(table.file() + " line 1: the header row is missing");
            return;
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0).fields();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).trim().toLowerCase(java.util.Locale.ROOT);
            if (!table.columns().contains(column)) {
                errors.add(table.file() + " line 1 column " + column + ": unknown column; expected " + table.columns());
            } else if (columns.put(column, i) != null) {
                errors.add(table.file() + " line 1 column " + column + ": appears twice");
            }
        }
        for (String column : table.columns()) {
            if (!columns.containsKey(column)) {
                errors.add(table.file() + " line 1 column " + column + ": missing from the header");
            }
        }
        if (columns.size() != table.columns().size()) {
            return;
        }
        for (Csv.Record record : records.subList(1, records.size())) {
            if (record.fields().size() != header.size()) {
                errors.add(table.file() + " line " + record.line() + ": has " + record.fields().size()
                        + " fields, the header has " + header.size());
                continue;
            }
            Fields fields = new Fields(table.file(), record, columns, errors);
            try {
                table.reader().accept(fields, builder);
            } catch (IllegalArgumentException e) {
                errors.add(fields.where() + ": " + e.getMessage());
            }
        }
    }

    // ---- plans.csv ----

    private static void readPlan(Fields f, DeckBuilder builder) {
        String plan = f.required("plan");
        String parent = f.text("parent");
        var zone = f.zone("time_zone");
        int decimals = f.integer("currency_decimals", 0, Money.SCALE);
        BandCrossing crossing = f.enumOf("band_crossing", BandCrossing.class);
        Rounding rounding = f.enumOf("rounding", Rounding.class);
        RoundingScope scope = f.enumOf("rounding_scope", RoundingScope.class);
        long maxGrant = f.longValue("max_grant_seconds", 1, 7 * 86_400);
        if (f.ok()) {
            builder.plan(new PlanRow(plan, parent.isEmpty() ? Optional.empty() : Optional.of(parent), zone,
                    new CurrencyPrecision(decimals), crossing, rounding, scope, maxGrant), f.where());
        }
    }

    private static List<List<String>> writePlans(RateDeck deck) {
        return deck.planRows().stream().map(p -> List.of(p.plan(), p.parent().orElse(""), p.zone().getId(),
                Integer.toString(p.precision().decimals()), p.crossing().name(), p.rounding().name(), p.scope().name(),
                Long.toString(p.maxGrantSeconds()))).toList();
    }

    // ---- bands.csv ----

    private static void readBand(Fields f, DeckBuilder builder) {
        String plan = f.required("plan");
        String band = f.required("band");
        if (band.equals(BandRow.DEFAULT_BAND)) {
            f.fail("band", "* is the default band (time outside every named band) and cannot be defined");
        }
        var days = f.days("days");
        int from = f.timeOfDay("from");
        int to = f.timeOfDay("to");
        if (f.ok() && from >= to) {
            f.fail("to", "must be after from");
        }
        if (f.ok()) {
            builder.band(new BandRow(plan, band, days, from, to), f.where());
        }
    }

    private static List<List<String>> writeBands(RateDeck deck) {
        return deck.bandRows().stream().map(b -> List.of(b.plan(), b.band(), Fields.formatDays(b.days()),
                Fields.formatTimeOfDay(b.fromSecond()), Fields.formatTimeOfDay(b.toSecond()))).toList();
    }

    // ---- rates.csv ----

    private static void readRate(Fields f, DeckBuilder builder) {
        String plan = f.required("plan");
        String prefix = f.required("prefix");
        if (!prefix.isEmpty() && !io.tollgrid.rating.prefix.Digits.isDigitString(prefix, RateRow.MAX_PREFIX_DIGITS)) {
            f.fail("prefix", "must be 1-" + RateRow.MAX_PREFIX_DIGITS + " digits (E.164, no +): " + prefix);
        }
        String band = f.text("band").isEmpty() ? BandRow.DEFAULT_BAND : f.text("band");
        boolean blocked = f.bool("blocked");
        Optional<Tariff> tariff = Optional.empty();
        if (blocked) {
            for (String column : List.of("unit", "price", "connect_fee", "initial_increment", "next_increment",
                    "minimum_seconds", "grace_seconds")) {
                if (!f.text(column).isEmpty()) {
                    f.fail(column, "must be empty for a blocked destination");
                }
            }
        } else {
            ChargeUnit unit = f.enumOf("unit", ChargeUnit.class);
            Money price = f.money("price");
            Money connect = f.money("connect_fee");
            int initial = f.integer("initial_increment", 1, Tariff.MAX_INCREMENT_SECONDS);
            int next = f.integer("next_increment", 1, Tariff.MAX_INCREMENT_SECONDS);
            int minimum = f.integer("minimum_seconds", 0, 86_400);
            int grace = f.integer("grace_seconds", 0, 86_400);
            if (f.ok()) {
                tariff = Optional.of(new Tariff(unit, price, connect, initial, next, minimum, grace));
            }
        }
        var from = f.instant("effective_from");
        var to = f.optionalInstant("effective_to");
        int priority = f.integer("priority", -1_000_000, 1_000_000);
        if (f.ok() && to.isPresent() && !to.get().isAfter(from)) {
            f.fail("effective_to", "must be after effective_from");
        }
        if (f.ok()) {
            builder.rate(new RateRow(plan, prefix, f.text("description"), f.text("group"), band, blocked, tariff, from,
                    to, priority), f.where());
        }
    }

    private static List<List<String>> writeRates(RateDeck deck) {
        List<List<String>> rows = new ArrayList<>();
        for (RateRow r : deck.rateRows()) {
            String to = r.effectiveTo().map(Object::toString).orElse("");
            if (r.blocked()) {
                rows.add(List.of(r.plan(), r.prefix(), r.description(), r.group(), r.band(), "true", "", "", "", "",
                        "", "", "", r.effectiveFrom().toString(), to, Integer.toString(r.priority())));
                continue;
            }
            Tariff t = r.tariff().orElseThrow();
            rows.add(List.of(r.plan(), r.prefix(), r.description(), r.group(), r.band(), "false", t.unit().name(),
                    Fields.plain(t.price()), Fields.plain(t.connectFee()), Integer.toString(t.initialSeconds()),
                    Integer.toString(t.nextSeconds()), Integer.toString(t.minimumSeconds()),
                    Integer.toString(t.graceSeconds()), r.effectiveFrom().toString(), to,
                    Integer.toString(r.priority())));
        }
        return rows;
    }

    // ---- normalisation.csv, call_types.csv ----

    private static void readDialRule(Fields f, DeckBuilder builder) {
        builder.dialRule(new DialRule(f.required("source"), f.text("strip_prefix"), f.text("international_prefix"),
                f.text("national_prefix"), f.text("country_code")), f.where());
    }

    private static List<List<String>> writeDialRules(RateDeck deck) {
        return deck.dialRules().stream().map(r -> List.of(r.source(), r.stripPrefix(), r.internationalPrefix(),
                r.nationalPrefix(), r.countryCode())).toList();
    }

    private static void readCallType(Fields f, DeckBuilder builder) {
        String prefix = f.required("prefix");
        CallType type = f.enumOf("call_type", CallType.class);
        if (f.ok()) {
            builder.callType(new CallTypeRow(prefix, type), f.where());
        }
    }

    private static List<List<String>> writeCallTypes(RateDeck deck) {
        return deck.callTypeRows().stream().map(r -> List.of(r.prefix(), r.callType().name())).toList();
    }

    // ---- markups.csv, volume_discounts.csv, discount_packages.csv ----

    private static void readMarkup(Fields f, DeckBuilder builder) {
        String plan = f.required("plan");
        String group = f.required("group");
        var percent = f.text("percent").isEmpty() ? io.tollgrid.money.Percentage.ZERO : f.percent("percent");
        Money fixed = f.text("fixed").isEmpty() ? Money.ZERO : f.money("fixed");
        if (f.ok()) {
            builder.markup(new MarkupRow(plan, group, percent, fixed), f.where());
        }
    }

    private static List<List<String>> writeMarkups(RateDeck deck) {
        return deck.markupRows().stream().map(m -> List.of(m.plan(), m.group(), m.percent().toPlainString(),
                Fields.plain(m.fixed()))).toList();
    }

    private static void readVolumeTier(Fields f, DeckBuilder builder) {
        String plan = f.required("plan");
        CallType type = f.enumOf("call_type", CallType.class);
        VolumeBasis basis = f.enumOf("basis", VolumeBasis.class);
        long threshold = basis == VolumeBasis.SPEND ? f.money("threshold").micros()
                : f.longValue("threshold", 0, Long.MAX_VALUE / 60);
        var percent = f.percent("percent");
        if (f.ok()) {
            builder.volumeTier(new VolumeTier(plan, type, basis, threshold, percent), f.where());
        }
    }

    private static List<List<String>> writeVolumeTiers(RateDeck deck) {
        return deck.volumeTiers().stream().map(t -> List.of(t.plan(), t.callType().name(), t.basis().name(),
                t.basis() == VolumeBasis.SPEND ? Fields.plain(Money.ofMicros(t.threshold()))
                        : Long.toString(t.threshold()), t.discount().toPlainString())).toList();
    }

    private static void readPackage(Fields f, DeckBuilder builder) {
        String id = f.required("package");
        Optional<CallType> type = f.optionalEnum("call_type", CallType.class);
        String group = f.text("group");
        var percent = f.percent("percent");
        if (f.ok()) {
            builder.discountPackage(new DiscountPackage(id, type, group.isEmpty() ? Optional.empty()
                    : Optional.of(group), percent), f.where());
        }
    }

    private static List<List<String>> writePackages(RateDeck deck) {
        return deck.discountPackages().stream().map(p -> List.of(p.id(), p.callType().map(Enum::name).orElse(""),
                p.group().orElse(""), p.discount().toPlainString())).toList();
    }
}
