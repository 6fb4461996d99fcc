package io.tollgrid.ingest.posting;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tollgrid.history.RatedCdr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the row a switch API stop wrote to history for a call ({@code source = gateway}), by account, call id and a
 * window of start times. One narrow query per UTC day the window touches (one, or two across midnight): the slice of
 * the account's day partition between the window's ends, filtered by call id on the replica, returning only the few
 * columns the answer needs, so a busy account's other calls are neither sent back nor counted against a page.
 */
final class StopRows {
    /** A stop's row: when its call started, and what it cost. */
    record StopRow(Instant start, long costMicros, String currency) {
    }

    private final CqlSession session;
    private final PreparedStatement select;

    StopRows(CqlSession session, String keyspace) {
        this.session = session;
        // cdrs_by_account_day: PRIMARY KEY ((tenant_id, account_id, day), start_time, call_id), history's schema.
        this.select = session.prepare("SELECT start_time, source, cost_micros, currency FROM " + keyspace
                + ".cdrs_by_account_day WHERE tenant_id = ? AND account_id = ? AND day = ? AND start_time >= ?"
                + " AND start_time <= ? AND call_id = ? ALLOW FILTERING");
    }

    CompletableFuture<Optional<StopRow>> find(String tenant, String account, String callId, Instant from, Instant to) {
        List<CompletableFuture<Optional<StopRow>>> days = new ArrayList<>(2);
        LocalDate last = to.atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            CompletionStage<AsyncResultSet> rows = session.executeAsync(select.bind(tenant, account, day, from, to, callId));
            days.add(rows.thenApply(StopRows::stopRow).toCompletableFuture());
        }
        return CompletableFuture.allOf(days.toArray(CompletableFuture[]::new)).thenApply(done -> days.stream()
                .map(CompletableFuture::join).flatMap(Optional::stream).findFirst());
    }

    /** The matches of one call id in one slice are one or two rows: the first page holds them. */
    private static Optional<StopRow> stopRow(AsyncResultSet rows) {
        for (Row row : rows.currentPage()) {
            if (RatedCdr.SWITCH_API_SOURCE.equals(row.getString("source"))) {
                return Optional.of(new StopRow(row.getInstant("start_time"), row.getLong("cost_micros"),
                        row.getString("currency")));
            }
        }
        return Optional.empty();
    }
}
