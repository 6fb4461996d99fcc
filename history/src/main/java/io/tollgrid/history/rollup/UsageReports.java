package io.tollgrid.history.rollup;

import io.tollgrid.history.RatedCdr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Builds reports over a period in a zone from the rollups: every UTC day wholly inside the period is its stored
 * rollup; the at most two UTC days the period's edges cut (a zone other than UTC), and every day whose rollup is
 * still pending (today, mostly: {@link RollupRefresher} recomputes an open day every few minutes), are added up
 * from their CDRs with the same {@link DayUsage}, so the result is exact for any zone and at any moment, and
 * reads days, not calls, for every day that is rolled up. Quarter hours
 * become the zone's hours and dates exactly for every zone whose offset is a whole number of quarter hours.
 */
public final class UsageReports {
    /** Day partitions read at once. */
    static final int DAYS_IN_FLIGHT = 16;
    /** The most accounts a by-account report adds up from CDRs at its edge days. */
    public static final int MAX_EDGE_ACCOUNTS = 2_000;

    private final DailyRollups rollups;

    public UsageReports(DailyRollups rollups) {
        this.rollups = rollups;
    }

    /** The operator's carrier report over the same rollups. */
    public CarrierReports carriers() {
        return new CarrierReports(rollups);
    }

    /** One account's usage over the period. */
    public CompletionStage<UsageReport> account(String tenantId, String accountId, ReportPeriod period) {
        Map<LocalDate, Map<RollupCell, Usage>> days = new java.util.concurrent.ConcurrentHashMap<>();
        return rollups.pendingDays(tenantId, accountId).thenCompose(pending -> {
            // The days read whole from their rollups come packed, a range per year; the rest one day at a time.
            List<LocalDate> stored = period.utcDays().stream()
                    .filter(day -> period.covers(day) && !pending.contains(day)).toList();
            return rollups.accountDays(tenantId, accountId, stored).thenCompose(packed -> {
                days.putAll(packed);
                List<LocalDate> rest = period.utcDays().stream().filter(day -> !packed.containsKey(day)).toList();
                return forEachDay(rest, day -> dayCells(tenantId, accountId, day, period, pending.contains(day))
                        .thenAccept(cells -> days.put(day, cells)));
            });
        }).thenApply(ignored -> assemble(period, days));
    }

    private CompletionStage<Map<RollupCell, Usage>> dayCells(String tenantId, String accountId, LocalDate day,
                                                             ReportPeriod period, boolean pending) {
        if (period.covers(day) && !pending) {
            // Not among the packed days: a day rolled up before rollups were packed, or one without calls.
            return rollups.unpackedDay(tenantId, accountId, day);
        }
        DayUsage usage = new DayUsage();
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = later(dayStart, period.start());
        Instant to = earlier(dayStart.plusSeconds(86_400), period.end());
        return rollups.readAll(tenantId, accountId, from, to, usage::add).thenApply(ignored -> usage.cells());
    }

    private static UsageReport assemble(ReportPeriod period, Map<LocalDate, Map<RollupCell, Usage>> days) {
        Map<RollupCell, Usage> total = new TreeMap<>(CELL_ORDER);
        Map<RollupCell, Usage> destination = new HashMap<>();
        Map<RollupCell, Usage> disposition = new TreeMap<>(CELL_ORDER);
        Map<RollupCell, Usage> hour = new TreeMap<>(CELL_ORDER);
        Map<RollupCell, Usage> date = new TreeMap<>(CELL_ORDER);
        Map<RollupCell, Usage> extension = new HashMap<>();
        Map<RollupCell, Usage> callType = new TreeMap<>(CELL_ORDER);
        Map<RollupCell, Usage> carrier = new HashMap<>();
        Map<RollupCell, Usage> department = new HashMap<>();
        Map<RollupCell, Usage> trunk = new HashMap<>();
        for (Map.Entry<LocalDate, Map<RollupCell, Usage>> day : days.entrySet()) {
            for (Map.Entry<RollupCell, Usage> entry : day.getValue().entrySet()) {
                RollupCell cell = entry.getKey();
                Usage usage = entry.getValue();
                switch (cell.dimension()) {
                    case TOTAL -> total.merge(cell, usage, Usage::plus);
                    case DESTINATION -> destination.merge(cell, usage, Usage::plus);
                    case DISPOSITION -> disposition.merge(cell, usage, Usage::plus);
                    case EXTENSION -> extension.merge(cell, usage, Usage::plus);
                    case CALL_TYPE -> callType.merge(cell, usage, Usage::plus);
                    case CARRIER -> carrier.merge(cell, usage, Usage::plus);
                    case DEPARTMENT -> department.merge(cell, usage, Usage::plus);
                    case TRUNK -> trunk.merge(cell, usage, Usage::plus);
                    case CARRIER_DESTINATION -> {
                        // The operator's carrier report (CarrierReports), not a tenant's usage report.
                    }
                    case QUARTER -> {
                        ZonedDateTime local = DayUsage.quarterStart(day.getKey(), cell.key()).atZone(period.zone());
                        String hourKey = local.getHour() < 10 ? "0" + local.getHour() : Integer.toString(local.getHour());
                        hour.merge(new RollupCell(Dimension.QUARTER, hourKey, cell.currency()), usage, Usage::plus);
                        date.merge(new RollupCell(Dimension.QUARTER, local.toLocalDate().toString(), cell.currency()),
                                usage, Usage::plus);
                    }
                }
            }
        }
        return new UsageReport(period, lines(total), dearestFirst(destination), lines(disposition), lines(hour),
                lines(date), dearestFirst(extension), lines(callType), dearestFirst(carrier),
                dearestFirst(department), dearestFirst(trunk));
    }

    private static List<UsageReport.Line> dearestFirst(Map<RollupCell, Usage> cells) {
        List<UsageReport.Line> lines = lines(cells);
        lines.sort(Comparator.comparing((UsageReport.Line line) -> line.usage().cost()).reversed()
                .thenComparing(Comparator.comparingLong((UsageReport.Line line) -> line.usage().calls()).reversed())
                .thenComparing(UsageReport.Line::key));
        return lines;
    }

    private static final Comparator<RollupCell> CELL_ORDER = Comparator.comparing(RollupCell::key)
            .thenComparing(RollupCell::currency);

    private static List<UsageReport.Line> lines(Map<RollupCell, Usage> cells) {
        List<UsageReport.Line> lines = new ArrayList<>();
        cells.forEach((cell, usage) -> lines.add(new UsageReport.Line(cell.key(), cell.currency(), usage)));
        return lines;
    }

    /**
     * Each account's usage over the period, for the accounts whose CDRs carry the tenant, dearest first. Reads one
     * tenant partition per day; the edge days are added up from the CDRs of the accounts active on them.
     */
    public CompletionStage<List<UsageReport.Line>> byAccount(String tenantId, ReportPeriod period) {
        Map<RollupCell, Usage> accounts = new HashMap<>();
        return rollups.pendingAccounts(tenantId).thenCompose(pendingByDay -> forEachDay(period.utcDays(),
                day -> rollups.tenantDay(tenantId, day).thenCompose(rows -> {
            java.util.Set<String> pending = pendingByDay.getOrDefault(day, java.util.Set.of());
            if (period.covers(day)) {
                synchronized (accounts) {
                    rows.stream().filter(row -> !pending.contains(row.accountId())).forEach(row -> accounts.merge(
                            new RollupCell(Dimension.TOTAL, row.accountId(), row.currency()), row.usage(), Usage::plus));
                }
                if (pending.isEmpty()) {
                    return CompletableFuture.completedFuture(null);
                }
            }
            // The accounts whose CDRs are added up: at a cut edge day every active one, else those not rolled up.
            java.util.Set<String> fromCdrs = new java.util.TreeSet<>(pending);
            if (!period.covers(day)) {
                rows.forEach(row -> fromCdrs.add(row.accountId()));
            }
            if (fromCdrs.size() > MAX_EDGE_ACCOUNTS) {
                throw new ReportTooLargeException("more than " + MAX_EDGE_ACCOUNTS + " accounts called on " + day
                        + (period.covers(day) ? " since their day was last rolled up; ask again in "
                                + RollupRefresher.OPEN_DAY_INTERVAL.toMinutes() + " minutes or for a period that ends before"
                                : ", which the period cuts; ask for the period in UTC, whose days are rolled up whole"));
            }
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant from = later(dayStart, period.start());
            Instant to = earlier(dayStart.plusSeconds(86_400), period.end());
            return forEachDay(List.copyOf(fromCdrs), account -> rollups.readAll(tenantId, account, from, to, (RatedCdr cdr) -> {
                synchronized (accounts) {
                    accounts.merge(new RollupCell(Dimension.TOTAL, account, cdr.currency()), Usage.of(cdr), Usage::plus);
                }
            }));
        }))).thenApply(ignored -> {
            List<UsageReport.Line> lines = lines(accounts);
            lines.sort(Comparator.comparing((UsageReport.Line line) -> line.usage().cost()).reversed()
                    .thenComparing(UsageReport.Line::key));
            return lines;
        });
    }

    /** A report that would read more than its bounds allow. */
    public static final class ReportTooLargeException extends RuntimeException {
        public ReportTooLargeException(String message) {
            super(message);
        }
    }

    /** Runs {@code each} over the items, {@value #DAYS_IN_FLIGHT} at a time. */
    private static <T> CompletionStage<Void> forEachDay(List<T> items, Function<T, CompletionStage<Void>> each) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < items.size(); i += DAYS_IN_FLIGHT) {
            List<T> window = items.subList(i, Math.min(items.size(), i + DAYS_IN_FLIGHT));
            chain = chain.thenCompose(ignored -> CompletableFuture.allOf(window.stream()
                    .map(item -> each.apply(item).toCompletableFuture()).toArray(CompletableFuture[]::new)));
        }
        return chain;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
