package io.tollgrid.gateway.cdrs;

import io.tollgrid.rating.CallType;

import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.history.CdrFilter;
import io.tollgrid.history.CdrPosition;
import io.tollgrid.history.CdrStore;
import io.tollgrid.money.Money;
import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * One CDR search as a request states it: the account, the range [from, to), the filter, and where to resume.
 * A cursor carries all of it, so {@code ?cursor=} alone asks for the next page; any parameter sent with a cursor
 * must say the same as the cursor, or the request is refused (CURSOR_MISMATCH) rather than paging a different
 * search from the middle.
 *
 * @param after where to resume, or null for the first page
 */
public record CdrSearch(String accountId, Instant from, Instant to, CdrFilter filter, CdrPosition after) {
    /** The range when the query names none: the 31 days up to now. */
    public static final Duration DEFAULT_RANGE = Duration.ofDays(31);
    private static final String VERSION = "c3";
    private static final String SEPARATOR = "\u001f";

    public CdrSearch {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(filter, "filter");
    }

    /** Reads the query parameters of a search of {@code accountId}; bad input is INVALID_REQUEST or INVALID_CURSOR. */
    public static CdrSearch parse(String accountId, MultiMap query, Instant now) {
        CdrFilter filter = filter(query);
        String cursor = query.get("cursor");
        if (cursor != null) {
            CdrSearch resumed = decode(cursor);
            if (!resumed.accountId.equals(accountId)) {
                throw new ApiException(400, "CURSOR_MISMATCH", "the cursor belongs to another account's search");
            }
            Instant from = instant(query, "from", resumed.from);
            Instant to = instant(query, "to", resumed.to);
            boolean filterGiven = FILTER_PARAMETERS.stream().anyMatch(query::contains);
            if (!from.equals(resumed.from) || !to.equals(resumed.to) || (filterGiven && !filter.equals(resumed.filter))) {
                throw new ApiException(400, "CURSOR_MISMATCH", "a cursor continues the search it came from; send it"
                        + " alone, or with the same from, to and filters");
            }
            return resumed;
        }
        // Without a range: the last DEFAULT_RANGE, so a first look needs no dates.
        Instant to = instant(query, "to", now);
        Instant from = instant(query, "from", to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw ApiException.invalid("'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(CdrStore.MAX_QUERY_RANGE) > 0) {
            throw ApiException.invalid("the range must not exceed " + CdrStore.MAX_QUERY_RANGE.toDays()
                    + " days; page a longer period range by range");
        }
        return new CdrSearch(accountId, from, to, filter, null);
    }

    private static final java.util.List<String> FILTER_PARAMETERS = java.util.List.of("caller", "calleePrefix",
            "disposition", "minDurationSeconds", "minCost", "extension", "callType", "trunk");

    private static CdrFilter filter(MultiMap query) {
        long minDuration = 0;
        String duration = query.get("minDurationSeconds");
        if (duration != null) {
            try {
                minDuration = Long.parseLong(duration);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("'minDurationSeconds' is not a whole number: " + duration);
            }
        }
        Money minCost = Money.ZERO;
        String cost = query.get("minCost");
        if (cost != null) {
            try {
                minCost = Money.parse(cost);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("'minCost': " + e.getMessage());
            }
        }
        try {
            return new CdrFilter(query.get("caller"), query.get("calleePrefix"), query.get("disposition"), minDuration,
                    minCost, query.get("extension"), callType(query.get("callType")), query.get("trunk"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static CallType callType(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return CallType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'callType' is one of " + java.util.Arrays.toString(CallType.values()) + ", not "
                    + name);
        }
    }

    private static Instant instant(MultiMap query, String name, Instant fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("query parameter '" + name + "' is not an ISO-8601 instant: " + value);
        }
    }

    /** This search resumed after {@code position}. */
    public CdrSearch after(CdrPosition position) {
        return new CdrSearch(accountId, from, to, filter, position);
    }

    /** The opaque token of this search and its place: URL-safe, and not meant to be read by clients. */
    public String cursor() {
        if (after == null) {
            throw new IllegalStateException("a search without a place has no cursor");
        }
        String text = String.join(SEPARATOR, VERSION, accountId, from.toString(), to.toString(),
                nullToEmpty(filter.caller()), nullToEmpty(filter.calleePrefix()), nullToEmpty(filter.disposition()),
                Long.toString(filter.minDurationSeconds()), Long.toString(filter.minCost().micros()),
                nullToEmpty(filter.extension()), filter.callType() == null ? "" : filter.callType().name(),
                nullToEmpty(filter.trunk()), after.startTime().toString(), after.callId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static CdrSearch decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split(SEPARATOR, 14);
            if (parts.length != 14 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("not a cursor of this version");
            }
            Instant from = Instant.parse(parts[2]);
            Instant to = Instant.parse(parts[3]);
            if (!from.isBefore(to) || Duration.between(from, to).compareTo(CdrStore.MAX_QUERY_RANGE) > 0) {
                throw new IllegalArgumentException("the cursor's range is not one a search may have");
            }
            CdrFilter filter = new CdrFilter(parts[4], parts[5], parts[6], Long.parseLong(parts[7]),
                    Money.ofMicros(Long.parseLong(parts[8])), parts[9], parts[10].isEmpty() ? null
                    : CallType.valueOf(parts[10]), parts[11]);
            return new CdrSearch(parts[1], from, to, filter, new CdrPosition(Instant.parse(parts[12]), parts[13]));
        } catch (RuntimeException e) {
            throw new ApiException(400, "INVALID_CURSOR", "the cursor is not one this API gave out; start again without it");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
