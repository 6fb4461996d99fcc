package io.tollgrid.history.rollup;

import io.tollgrid.history.RatedCdr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds calls up into rollup cells: the day's total, per destination, per disposition, per UTC quarter hour of
 * the start, per extension, per department, per call type, per carrier, per carrier and destination together and per PBX trunk. Used both to recompute a stored day and to add up the partial days at a report's edges, so both agree.
 * Memory grows with the distinct keys, not with the calls.
 */
public final class DayUsage {
    public static final int QUARTERS_PER_DAY = 96;
    private final Map<RollupCell, Usage> cells = new HashMap<>();

    public void add(RatedCdr cdr) {
        Usage usage = Usage.of(cdr);
        add(new RollupCell(Dimension.TOTAL, "", cdr.currency()), usage);
        add(new RollupCell(Dimension.DESTINATION, destination(cdr), cdr.currency()), usage);
        add(new RollupCell(Dimension.DISPOSITION, cdr.disposition() == null ? "" : cdr.disposition(), cdr.currency()), usage);
        add(new RollupCell(Dimension.QUARTER, quarterKey(quarter(cdr.startTime())), cdr.currency()), usage);
        add(new RollupCell(Dimension.EXTENSION, cdr.extension() == null ? "" : cdr.extension(), cdr.currency()), usage);
        add(new RollupCell(Dimension.DEPARTMENT, cdr.department() == null ? "" : cdr.department(), cdr.currency()), usage);
        add(new RollupCell(Dimension.CALL_TYPE, cdr.callType() == null ? "" : cdr.callType().name(), cdr.currency()), usage);
        add(new RollupCell(Dimension.CARRIER, cdr.carrierId() == null ? "" : cdr.carrierId(), cdr.currency()), usage);
        add(new RollupCell(Dimension.TRUNK, cdr.trunk() == null ? "" : cdr.trunk(), cdr.currency()), usage);
        if (cdr.carrierId() != null) {
            add(new RollupCell(Dimension.CARRIER_DESTINATION, carrierDestination(cdr.carrierId(), destination(cdr)),
                    cdr.currency()), usage);
        }
    }

    /** The key of a {@link Dimension#CARRIER_DESTINATION} cell: the carrier id, "/", the destination. */
    public static String carrierDestination(String carrierId, String destination) {
        if (carrierId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a carrier id has no '/': " + carrierId);
        }
        return carrierId + "/" + destination;
    }

    public void add(RollupCell cell, Usage usage) {
        cells.merge(cell, usage, Usage::plus);
    }

    public Map<RollupCell, Usage> cells() {
        return Map.copyOf(cells);
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }

    /**
     * Where a call went, as reports group it: the prefix the deck matched when the rate id names one
     * ("retail/44@v3" is "44", the same across deck versions), otherwise the rate id itself (a flat plan, "unrated",
     * a feature code). The richer CDR's destination name can take its place without changing the tables.
     */
    public static String destination(RatedCdr cdr) {
        String rate = cdr.rateId();
        if (rate == null || rate.isEmpty()) {
            return "unknown";
        }
        int slash = rate.indexOf('/');
        if (slash < 0) {
            return rate;
        }
        int version = rate.lastIndexOf("@v");
        String prefix = rate.substring(slash + 1, version > slash ? version : rate.length());
        return prefix.isEmpty() ? rate : prefix;
    }

    /** The UTC quarter hour of the day an instant falls in, 0 to 95. */
    public static int quarter(Instant instant) {
        return (int) (instant.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 900);
    }

    public static String quarterKey(int quarter) {
        if (quarter < 0 || quarter >= QUARTERS_PER_DAY) {
            throw new IllegalArgumentException("a quarter hour is 0 to 95: " + quarter);
        }
        return quarter < 10 ? "0" + quarter : Integer.toString(quarter);
    }

    /** The instant a quarter hour of a UTC day starts at. */
    public static Instant quarterStart(LocalDate day, String quarterKey) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(900L * Integer.parseInt(quarterKey));
    }
}
