package io.tollgrid.grid.shop;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.node.Caches;
import io.tollgrid.grid.principal.Principal;
import io.tollgrid.grid.principal.Principals;
import io.tollgrid.grid.principal.Role;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.apache.ignite.transactions.Transaction;

import javax.cache.Cache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.apache.ignite.transactions.TransactionConcurrency.PESSIMISTIC;
import static org.apache.ignite.transactions.TransactionIsolation.REPEATABLE_READ;

/**
 * The shops' narrow API. Every change to a day session is one pessimistic transaction that locks the session (and,
 * to open one, the operator's open-session slot first), so two opens by one operator leave exactly one session, a
 * payment and a close never interleave, and a closed session never changes again. Refusals are
 * {@link AdminException}s with a stable code and change nothing.
 */
public final class Shops {
    /** The most sessions one listing answers. */
    public static final int MAX_LISTED = 1_000;
    /** The most calls one payment or mark names. */
    public static final int MAX_CALLS_PER_CHANGE = 500;
    private static final long TX_TIMEOUT_MILLIS = 30_000;

    private final Ignite ignite;
    private final IgniteCache<String, Shop> shops;
    private final IgniteCache<String, DaySession> sessions;
    private final IgniteCache<String, String> openSessions;
    private final IgniteCache<String, Receipt> receipts;
    private final GridAdmin admin;
    private final Principals principals;

    public Shops(Ignite ignite) {
        this.ignite = ignite;
        this.shops = ignite.cache(Caches.SHOPS);
        this.sessions = ignite.cache(Caches.SHOP_SESSIONS);
        this.openSessions = ignite.cache(Caches.SHOP_OPEN_SESSIONS);
        this.receipts = ignite.cache(Caches.SHOP_RECEIPTS);
        this.admin = new GridAdmin(ignite);
        this.principals = new Principals(ignite);
    }

    /** Makes a tenant a shop, or changes its booths and prices. Every booth must be an account of the tenant itself. */
    public Shop putShop(String tenantId, List<String> booths, List<SellRule> rules) {
        if (admin.tenant(tenantId).isEmpty()) {
            throw new AdminException("TENANT_UNKNOWN", "no tenant " + tenantId);
        }
        for (String booth : booths) {
            Optional<Account> account = admin.account(booth);
            if (account.isEmpty() || !account.get().tenantId().equals(tenantId)) {
                throw new AdminException("ACCOUNT_UNKNOWN", "no account " + booth + " of tenant " + tenantId);
            }
        }
        Shop shop;
        try {
            shop = new Shop(tenantId, booths, rules);
        } catch (IllegalArgumentException e) {
            throw new AdminException("SHOP_INVALID", e.getMessage());
        }
        shops.put(tenantId, shop);
        return shop;
    }

    public Optional<Shop> shop(String tenantId) {
        return Optional.ofNullable(shops.get(tenantId));
    }

    public Optional<DaySession> session(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    public Optional<Receipt> receipt(String receiptId) {
        return Optional.ofNullable(receipts.get(receiptId));
    }

    /** The operator's open session, if it has one. */
    public Optional<DaySession> openSessionOf(String operatorId) {
        String id = openSessions.get(operatorId);
        return id == null ? Optional.empty() : session(id);
    }

    /**
     * Opens a day session for a shop operator with its cash float. Refused with SESSION_OPEN while the operator has
     * one open: the operator's slot is locked first, so of concurrent opens exactly one succeeds.
     */
    public DaySession open(String tenantId, String operatorId, long floatMicros, Instant now) {
        if (floatMicros < 0) {
            throw new AdminException("CASH_INVALID", "the opening float must not be negative");
        }
        if (shop(tenantId).isEmpty()) {
            throw new AdminException("SHOP_UNKNOWN", "tenant " + tenantId + " is not a shop");
        }
        Principal operator = principals.principal(operatorId).orElse(null);
        if (operator == null || operator.role() != Role.SHOP_OPERATOR || !tenantId.equals(operator.tenantId())) {
            throw new AdminException("NOT_A_SHOP_OPERATOR", operatorId + " is not an operator of shop " + tenantId);
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 2)) {
            String current = openSessions.get(operatorId);
            if (current != null) {
                throw new AdminException("SESSION_OPEN", "operator " + operatorId + " has session " + current
                        + " open; close it first");
            }
            DaySession session = DaySession.opened("s-" + UUID.randomUUID(), tenantId, operatorId, now.toEpochMilli(),
                    floatMicros);
            sessions.put(session.sessionId(), session);
            openSessions.put(operatorId, session.sessionId());
            tx.commit();
            return session;
        }
    }

    /**
     * Marks calls paid on one receipt. {@code calls} are the session's calls with the shop's sell prices, as the
     * caller read them from the CDR history; refused as a whole (nothing paid) when the session is not the operator's
     * or is closed, a call is named twice, or any of them is paid already.
     */
    public Receipt pay(String sessionId, String operatorId, List<SessionCall> calls, Instant now) {
        checkCalls(calls.stream().map(SessionCall::key).toList());
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 2)) {
            DaySession session = changeable(sessionId, operatorId);
            Map<String, CallMark> marks = session.marks();
            String receiptId = sessionId + "-r" + (session.receipts() + 1);
            Map<String, CallMark> changes = new HashMap<>();
            List<SessionCall> paid = new ArrayList<>();
            for (SessionCall call : calls) {
                CallMark mark = marks.get(call.key());
                if (mark != null && mark.status() == CallStatus.PAID) {
                    throw new AdminException("CALL_ALREADY_PAID", "call " + call.callId() + " of " + call.account()
                            + " is paid already (receipt " + mark.receiptId() + ")");
                }
                CallMark paidMark = new CallMark(CallStatus.PAID, call.sellMicros(), receiptId, now.toEpochMilli());
                changes.put(call.key(), paidMark);
                paid.add(call.withMark(paidMark));
            }
            Receipt receipt = new Receipt(receiptId, sessionId, session.tenantId(), operatorId, paid, now.toEpochMilli());
            sessions.put(sessionId, session.marked(changes, true));
            receipts.put(receiptId, receipt);
            tx.commit();
            return receipt;
        }
    }

    /** Marks calls unpaid (the customer left). Refused as a whole like {@link #pay}; a paid call stays paid. */
    public DaySession markUnpaid(String sessionId, String operatorId, List<String> callKeys, Instant now) {
        checkCalls(callKeys);
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 1)) {
            DaySession session = changeable(sessionId, operatorId);
            Map<String, CallMark> marks = session.marks();
            Map<String, CallMark> changes = new HashMap<>();
            for (String key : callKeys) {
                CallMark mark = marks.get(key);
                if (mark != null && mark.status() == CallStatus.PAID) {
                    throw new AdminException("CALL_ALREADY_PAID", "call " + key + " is paid already");
                }
                changes.put(key, new CallMark(CallStatus.UNPAID, 0, null, now.toEpochMilli()));
            }
            DaySession next = session.marked(changes, false);
            sessions.put(sessionId, next);
            tx.commit();
            return next;
        }
    }

    /**
     * Closes the session with the cash the operator counted, keeping {@code calls} (its calls as the caller read
     * them, before marks) with their final status for the day report. Refused when closed already.
     */
    public DaySession close(String sessionId, String operatorId, long countedMicros, List<SessionCall> calls,
                            Instant now) {
        if (countedMicros < 0) {
            throw new AdminException("CASH_INVALID", "the cash counted must not be negative");
        }
        if (calls.size() > DaySession.MAX_CALLS) {
            throw new AdminException("SESSION_TOO_LARGE", "a session keeps at most " + DaySession.MAX_CALLS + " calls");
        }
        try (Transaction tx = ignite.transactions().txStart(PESSIMISTIC, REPEATABLE_READ, TX_TIMEOUT_MILLIS, 2)) {
            DaySession session = changeable(sessionId, operatorId);
            Map<String, CallMark> marks = session.marks();
            List<SessionCall> kept = calls.stream().map(call -> call.withMark(marks.get(call.key()))).toList();
            DaySession closed = session.closed(now.toEpochMilli(), countedMicros, kept);
            sessions.put(sessionId, closed);
            openSessions.remove(operatorId);
            tx.commit();
            return closed;
        }
    }

    /**
     * The shop's sessions opened in [from, to), newest first, at most {@link #MAX_LISTED}; {@code operatorId} null
     * for every operator's.
     */
    public List<DaySession> sessions(String tenantId, String operatorId, Instant from, Instant to) {
        long fromMillis = from.toEpochMilli();
        long toMillis = to.toEpochMilli();
        IgniteBiPredicate<String, DaySession> filter = (id, session) -> session.tenantId().equals(tenantId)
                && (operatorId == null || session.operatorId().equals(operatorId))
                && session.openedAtMillis() >= fromMillis && session.openedAtMillis() < toMillis;
        List<DaySession> found = new ArrayList<>();
        try (var cursor = sessions.query(new ScanQuery<>(filter))) {
            for (Cache.Entry<String, DaySession> entry : cursor) {
                found.add(entry.getValue());
            }
        }
        found.sort(Comparator.comparingLong(DaySession::openedAtMillis).reversed()
                .thenComparing(DaySession::sessionId));
        return found.size() > MAX_LISTED ? List.copyOf(found.subList(0, MAX_LISTED)) : found;
    }

    /** Read under the transaction's lock: the session, if it is the operator's and open. */
    private DaySession changeable(String sessionId, String operatorId) {
        DaySession session = sessions.get(sessionId);
        if (session == null) {
            throw new AdminException("SESSION_UNKNOWN", "no session " + sessionId);
        }
        if (!session.operatorId().equals(operatorId)) {
            throw new AdminException("SESSION_NOT_YOURS", "session " + sessionId + " is another operator's");
        }
        if (!session.isOpen()) {
            throw new AdminException("SESSION_CLOSED", "session " + sessionId + " is closed and read-only");
        }
        return session;
    }

    private static void checkCalls(List<String> keys) {
        if (keys.isEmpty() || keys.size() > MAX_CALLS_PER_CHANGE) {
            throw new AdminException("CALLS_INVALID", "name 1 to " + MAX_CALLS_PER_CHANGE + " calls");
        }
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (!seen.add(key)) {
                throw new AdminException("CALLS_INVALID", "call " + key + " is named twice");
            }
        }
    }
}
