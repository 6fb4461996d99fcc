package io.tollgrid.history.rollup;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The operator's report of a tenant's calls by carrier and destination, from the rollups: one read of
 * {@code rollups_by_tenant_day} per UTC day, whose account rows carry the account's day by carrier and destination.
 * A day reads as last rolled up, so today's figures trail its CDRs by up to {@link RollupRefresher#OPEN_DAY_INTERVAL}
 * (these are quality statistics, not money; the usage reports, which are exact at any moment, are elsewhere).
 */
public final class CarrierReports {
    /** The longest period one report reads, in days. */
    public static final int MAX_DAYS = 92;
    /** The most carrier and destination lines one report answers; past it the report is refused as too large. */
    public static final int MAX_LINES = 50_000;
    private static final int DAYS_IN_FLIGHT = 16;

    private final DailyRollups rollups;

    public CarrierReports(DailyRollups rollups) {
        this.rollups = rollups;
    }

    /**
     * The tenant's calls (those whose CDRs carry it) by carrier over UTC days {@code from} to {@code to} inclusive.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from} or the period is over {@value #MAX_DAYS} days
     */
    public CompletionStage<CarrierReport> tenant(String tenantId, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("a carrier report covers 1 to " + MAX_DAYS + " days: " + from + " to " + to);
        }
        Map<RollupCell, Usage> cells = new HashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (LocalDate first = from; !first.isAfter(to); first = first.plusDays(DAYS_IN_FLIGHT)) {
            LocalDate start = first;
            LocalDate end = first.plusDays(DAYS_IN_FLIGHT - 1L).isAfter(to) ? to : first.plusDays(DAYS_IN_FLIGHT - 1L);
            chain = chain.thenCompose(ignored -> {
                List<CompletableFuture<Void>> reads = new ArrayList<>();
                for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
                    reads.add(rollups.tenantCarrierDay(tenantId, day).thenAccept(dayCells -> {
                        synchronized (cells) {
                            dayCells.forEach((cell, usage) -> cells.merge(cell, usage, Usage::plus));
                            if (cells.size() > MAX_LINES) {
                                throw new UsageReports.ReportTooLargeException("more than " + MAX_LINES
                                        + " carrier and destination lines; ask for fewer days");
                            }
                        }
                    }).toCompletableFuture());
                }
                return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
            });
        }
        return chain.thenApply(ignored -> report(tenantId, from, to, cells));
    }

    static CarrierReport report(String tenantId, LocalDate from, LocalDate to, Map<RollupCell, Usage> cells) {
        Map<List<String>, Usage> carriers = new HashMap<>();
        List<CarrierReport.Line> destinations = new ArrayList<>();
        for (Map.Entry<RollupCell, Usage> entry : cells.entrySet()) {
            RollupCell cell = entry.getKey();
            if (cell.dimension() != Dimension.CARRIER_DESTINATION) {
                continue;
            }
            int slash = cell.key().indexOf('/');
            String carrier = cell.key().substring(0, slash);
            destinations.add(new CarrierReport.Line(carrier, cell.key().substring(slash + 1), cell.currency(),
                    entry.getValue()));
            carriers.merge(List.of(carrier, cell.currency()), entry.getValue(), Usage::plus);
        }
        destinations.sort(Comparator.comparing(CarrierReport.Line::carrierId)
                .thenComparing(Comparator.comparingLong((CarrierReport.Line line) -> line.usage().calls()).reversed())
                .thenComparing(CarrierReport.Line::destination).thenComparing(CarrierReport.Line::currency));
        List<CarrierReport.Line> totals = new ArrayList<>();
        carriers.forEach((key, usage) -> totals.add(new CarrierReport.Line(key.get(0), null, key.get(1), usage)));
        totals.sort(Comparator.comparing(CarrierReport.Line::carrierId).thenComparing(CarrierReport.Line::currency));
        return new CarrierReport(tenantId, from, to, totals, destinations);
    }
}
