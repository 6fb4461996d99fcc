package io.tollgrid.ingest.posting;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.ingest.outbox.StopEvents;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the rows a switch API stop wrote to history ({@code source = gateway}) for many calls at once: a call's row
 * has its account and switch call id and starts within a window of the call's start. The calls are grouped by tenant
 * and UTC day (a window across midnight is looked for in both days' partitions), then by start into slices of at most
 * {@link #SLICE_SPAN} and {@value #ACCOUNTS_PER_QUERY} accounts; each slice is one query over those accounts' day
 * partitions ({@code account_id IN}), between the slice's ends, returning the matching gateway rows of the slice's
 * call ids only. Each call then keeps the earliest of its rows that starts within its own window. So a chunk of
 * calls costs a query or a few, not one per call.
 */
final class StopRows {
    /** Accounts (partitions of one day) in one query; a file chunk holds at most 64 CDRs. */
    static final int ACCOUNTS_PER_QUERY = 64;
    /** Call ids in one query's {@code call_id IN}: a chunk's worth. */
    static final int CALLS_PER_QUERY = 64;
    /** The widest slice one query reads, from its first call's window start to its last call's window end. */
    static final Duration SLICE_SPAN = Duration.ofMinutes(15);

    /** A call looked for: its tenant, account, switch call id (without the leg) and start. */
    record Call(String tenant, String account, String callId, Instant start) {
        Call {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(start, "start");
        }
    }

    /** A stop's row: when its call started, and what it cost. */
    record StopRow(Instant start, long costMicros, String currency) {
    }

    private final CqlSession session;
    private final PreparedStatement select;
    private final Duration window;

    /** @param window how far apart a call's start and its stop row's start may be */
    StopRows(CqlSession session, String keyspace, Duration window) {
        this.session = session;
        this.window = window;
        // cdrs_by_account_day: PRIMARY KEY ((tenant_id, account_id, day), start_time, call_id), history's schema.
        this.select = session.prepare("SELECT account_id, call_id, start_time, cost_micros, currency FROM " + keyspace
                + ".cdrs_by_account_day WHERE tenant_id = ? AND account_id IN ? AND day = ? AND start_time >= ?"
                + " AND start_time <= ? AND call_id IN ? AND source = ? ALLOW FILTERING");
    }

    /** The stop row of each call that has one (calls without are absent). */
    CompletableFuture<Map<Call, StopRow>> find(List<Call> calls) {
        List<CompletableFuture<List<Row>>> queries = new ArrayList<>();
        for (Slice slice : slices(calls)) {
            queries.add(query(slice));
        }
        return CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<Key, List<StopRow>> rows = new HashMap<>();
            for (CompletableFuture<List<Row>> query : queries) {
                for (Row row : query.join()) {
                    rows.computeIfAbsent(new Key(row.getString("account_id"), row.getString("call_id")), k -> new ArrayList<>())
                            .add(new StopRow(row.getInstant("start_time"), row.getLong("cost_micros"), row.getString("currency")));
                }
            }
            Map<Call, StopRow> found = new HashMap<>();
            for (Call call : calls) {
                Instant from = call.start().minus(window);
                Instant to = call.start().plus(window);
                rows.getOrDefault(new Key(call.account(), call.callId()), List.of()).stream()
                        .filter(row -> !row.start().isBefore(from) && !row.start().isAfter(to))
                        .min(Comparator.comparing(StopRow::start))
                        .ifPresent(row -> found.put(call, row));
            }
            return found;
        });
    }

    /** An account's call id: a slice's rows are matched to its calls by it (the tenant is the slice's). */
    private record Key(String account, String callId) {
    }

    /** One query: some accounts' partitions of one tenant's day, between two instants, for some call ids. */
    private record Slice(String tenant, LocalDate day, Instant from, Instant to, Set<String> accounts, Set<String> callIds) {
    }

    /** Groups the calls' windows into slices, per tenant and day, in order of start, each within its bounds. */
    private List<Slice> slices(List<Call> calls) {
        Map<String, Map<LocalDate, List<Call>>> byDay = new HashMap<>();
        for (Call call : calls) {
            LocalDate last = day(call.start().plus(window));
            for (LocalDate day = day(call.start().minus(window)); !day.isAfter(last); day = day.plusDays(1)) {
                byDay.computeIfAbsent(call.tenant(), t -> new HashMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(call);
            }
        }
        List<Slice> slices = new ArrayList<>();
        byDay.forEach((tenant, days) -> days.forEach((day, dayCalls) -> {
            dayCalls.sort(Comparator.comparing(Call::start));
            Slice open = null;
            for (Call call : dayCalls) {
                Instant from = call.start().minus(window);
                Instant to = call.start().plus(window);
                boolean fits = open != null && !to.isAfter(open.from().plus(SLICE_SPAN))
                        && (open.accounts().contains(call.account()) || open.accounts().size() < ACCOUNTS_PER_QUERY)
                        && (open.callIds().contains(call.callId()) || open.callIds().size() < CALLS_PER_QUERY);
                if (!fits) {
                    open = new Slice(tenant, day, from, to, new LinkedHashSet<>(), new LinkedHashSet<>());
                    slices.add(open);
                } else if (to.isAfter(open.to())) {
                    Slice wider = new Slice(tenant, day, open.from(), to, open.accounts(), open.callIds());
                    slices.set(slices.size() - 1, wider);
                    open = wider;
                }
                open.accounts().add(call.account());
                open.callIds().add(call.callId());
            }
        }));
        return slices;
    }

    private CompletableFuture<List<Row>> query(Slice slice) {
        CompletionStage<AsyncResultSet> first = session.executeAsync(select.bind(slice.tenant(), List.copyOf(slice.accounts()),
                slice.day(), slice.from(), slice.to(), List.copyOf(slice.callIds()), StopEvents.SOURCE));
        List<Row> rows = new ArrayList<>();
        return first.thenCompose(page -> drain(page, rows)).toCompletableFuture();
    }

    /** Every page: a slice's matches are few (a call's stop row, rarely two), but nothing here assumes it. */
    private static CompletionStage<List<Row>> drain(AsyncResultSet page, List<Row> rows) {
        page.currentPage().forEach(rows::add);
        return page.hasMorePages() ? page.fetchNextPage().thenCompose(next -> drain(next, rows))
                : CompletableFuture.completedFuture(rows);
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
