package io.tollgrid.loadtests.compare;

import io.tollgrid.money.Money;
import io.tollgrid.rating.FlatRate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The design of SQL-row billing systems (A2Billing, ASTPP, MagnusBilling, nibblebill): the balance is a row,
 * a call's reservation is a row, and each step is one transaction that locks the balance row with
 * SELECT ... FOR UPDATE. The rules are Tollgrid's (full reservation of the longest affordable call, charge at
 * stop at the rate locked in at authorise, idempotent by call-id), priced by the same {@link FlatRate}.
 */
public final class SqlBilling {
    /** What one step answers, rendered as the gateway's JSON by the HTTP front. */
    public record Answer(int status, String json) {
    }

    public static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS rate_plans (
              plan_id text PRIMARY KEY, price_per_minute_micros bigint NOT NULL, connect_fee_micros bigint NOT NULL,
              initial_increment int NOT NULL, next_increment int NOT NULL);
            CREATE TABLE IF NOT EXISTS accounts (
              account_id text PRIMARY KEY, tenant_id text NOT NULL, currency text NOT NULL,
              plan_id text NOT NULL REFERENCES rate_plans, balance_micros bigint NOT NULL,
              credit_limit_micros bigint NOT NULL, reserved_micros bigint NOT NULL DEFAULT 0,
              active_calls int NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS reservations (
              account_id text NOT NULL, call_id text NOT NULL, state text NOT NULL, caller text, callee text,
              reserved_micros bigint NOT NULL, max_duration int NOT NULL, price_per_minute_micros bigint NOT NULL,
              connect_fee_micros bigint NOT NULL, initial_increment int NOT NULL, next_increment int NOT NULL,
              authorised_at timestamptz NOT NULL, answered_at timestamptz, stopped_at timestamptz,
              duration int, cost_micros bigint, PRIMARY KEY (account_id, call_id));
            CREATE TABLE IF NOT EXISTS cdrs (
              account_id text NOT NULL, call_id text NOT NULL, tenant_id text NOT NULL, caller text, callee text,
              start_time timestamptz NOT NULL, answer_time timestamptz, end_time timestamptz NOT NULL,
              duration int NOT NULL, billed int NOT NULL, cost_micros bigint NOT NULL, currency text NOT NULL,
              raw text, PRIMARY KEY (account_id, call_id));
            """;

    private final DataSource pool;

    public SqlBilling(DataSource pool) {
        this.pool = pool;
    }

    public Answer authorise(String accountId, String callId, String caller, String callee) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Answer answer = authorise(c, accountId, callId, caller, callee);
                c.commit();
                return answer;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Answer authorise(Connection c, String accountId, String callId, String caller, String callee)
            throws SQLException {
        long balance;
        long credit;
        long reserved;
        String currency;
        FlatRate rate;
        try (PreparedStatement lock = c.prepareStatement("SELECT a.balance_micros, a.credit_limit_micros, a.reserved_micros,"
                + " a.currency, p.price_per_minute_micros, p.connect_fee_micros, p.initial_increment, p.next_increment"
                + " FROM accounts a JOIN rate_plans p ON p.plan_id = a.plan_id WHERE a.account_id = ? FOR UPDATE OF a")) {
            lock.setString(1, accountId);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    return new Answer(404, "{\"error\":{\"code\":\"ACCOUNT_UNKNOWN\",\"message\":\"no such account\"},"
                            + "\"decision\":\"DENY\",\"reason\":\"ACCOUNT_UNKNOWN\",\"maxDurationSeconds\":0}");
                }
                balance = row.getLong(1);
                credit = row.getLong(2);
                reserved = row.getLong(3);
                currency = row.getString(4);
                rate = new FlatRate(Money.ofMicros(row.getLong(5)), Money.ofMicros(row.getLong(6)), row.getInt(7), row.getInt(8));
            }
        }
        try (PreparedStatement existing = c.prepareStatement(
                "SELECT max_duration, reserved_micros FROM reservations WHERE account_id = ? AND call_id = ?")) {
            existing.setString(1, accountId);
            existing.setString(2, callId);
            try (ResultSet row = existing.executeQuery()) {
                if (row.next()) {
                    return allow(callId, row.getInt(1), row.getLong(2), rate, currency, true);
                }
            }
        }
        long maxDuration = rate.maxDurationSeconds(Money.ofMicros(Math.max(0, balance + credit - reserved)));
        if (maxDuration == 0) {
            return new Answer(200, "{\"callId\":\"" + callId
                    + "\",\"decision\":\"DENY\",\"reason\":\"INSUFFICIENT_CREDIT\",\"maxDurationSeconds\":0}");
        }
        long reserve = rate.cost(maxDuration).micros();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO reservations (account_id, call_id, state, caller,"
                + " callee, reserved_micros, max_duration, price_per_minute_micros, connect_fee_micros, initial_increment,"
                + " next_increment, authorised_at) VALUES (?, ?, 'AUTHORISED', ?, ?, ?, ?, ?, ?, ?, ?, now())")) {
            insert.setString(1, accountId);
            insert.setString(2, callId);
            insert.setString(3, caller);
            insert.setString(4, callee);
            insert.setLong(5, reserve);
            insert.setInt(6, (int) maxDuration);
            insert.setLong(7, rate.pricePerMinute().micros());
            insert.setLong(8, rate.connectFee().micros());
            insert.setInt(9, rate.initialIncrementSecs());
            insert.setInt(10, rate.nextIncrementSecs());
            insert.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET reserved_micros = reserved_micros + ?,"
                + " active_calls = active_calls + 1 WHERE account_id = ?")) {
            update.setLong(1, reserve);
            update.setString(2, accountId);
            update.executeUpdate();
        }
        return allow(callId, maxDuration, reserve, rate, currency, false);
    }

    private static Answer allow(String callId, long maxDuration, long reserved, FlatRate rate, String currency,
                                boolean replay) {
        return new Answer(200, "{\"callId\":\"" + callId + "\",\"decision\":\"ALLOW\",\"maxDurationSeconds\":" + maxDuration
                + ",\"rate\":{\"id\":\"flat\",\"pricePerMinute\":\"" + rate.pricePerMinute().toPlainString()
                + "\"},\"reserved\":\"" + Money.ofMicros(reserved).toPlainString() + "\",\"currency\":\"" + currency
                + "\",\"replay\":" + replay + "}");
    }

    public Answer start(String accountId, String callId) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE reservations SET state = 'ANSWERED', answered_at = now()"
                     + " WHERE account_id = ? AND call_id = ? AND state = 'AUTHORISED'")) {
            c.setAutoCommit(true);
            update.setString(1, accountId);
            update.setString(2, callId);
            boolean changed = update.executeUpdate() == 1;
            if (!changed && !exists(c, accountId, callId)) {
                return sessionUnknown();
            }
            return new Answer(200, "{\"callId\":\"" + callId + "\",\"state\":\"ANSWERED\",\"replay\":" + !changed + "}");
        }
    }

    private static boolean exists(Connection c, String accountId, String callId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM reservations WHERE account_id = ? AND call_id = ?")) {
            select.setString(1, accountId);
            select.setString(2, callId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static Answer sessionUnknown() {
        return new Answer(404, "{\"error\":{\"code\":\"SESSION_UNKNOWN\",\"message\":\"no authorised call with that callId\"}}");
    }

    public Answer stop(String accountId, String callId, long durationSecs, String raw) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Answer answer = stop(c, accountId, callId, durationSecs, raw);
                c.commit();
                return answer;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Answer stop(Connection c, String accountId, String callId, long durationSecs, String raw)
            throws SQLException {
        long balance;
        String tenant;
        String currency;
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT balance_micros, tenant_id, currency FROM accounts WHERE account_id = ? FOR UPDATE")) {
            lock.setString(1, accountId);
            try (ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    return sessionUnknown();
                }
                balance = row.getLong(1);
                tenant = row.getString(2);
                currency = row.getString(3);
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT state, reserved_micros, price_per_minute_micros,"
                + " connect_fee_micros, initial_increment, next_increment, duration, cost_micros, caller, callee,"
                + " authorised_at, answered_at FROM reservations WHERE account_id = ? AND call_id = ? FOR UPDATE")) {
            select.setString(1, accountId);
            select.setString(2, callId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return sessionUnknown();
                }
                FlatRate rate = new FlatRate(Money.ofMicros(row.getLong(3)), Money.ofMicros(row.getLong(4)), row.getInt(5),
                        row.getInt(6));
                if ("STOPPED".equals(row.getString(1))) {
                    return stopped(callId, row.getInt(7), rate.billedSeconds(row.getInt(7)), row.getLong(8), balance,
                            currency, true);
                }
                long reserved = row.getLong(2);
                // As the grid does: never charge more than the call reserved.
                long cost = Math.min(rate.cost(durationSecs).micros(), reserved);
                long billed = rate.billedSeconds(durationSecs);
                Timestamp authorisedAt = row.getTimestamp(11);
                Timestamp answeredAt = row.getTimestamp(12);
                String caller = row.getString(9);
                String callee = row.getString(10);
                try (PreparedStatement account = c.prepareStatement("UPDATE accounts SET balance_micros = balance_micros - ?,"
                        + " reserved_micros = reserved_micros - ?, active_calls = active_calls - 1 WHERE account_id = ?")) {
                    account.setLong(1, cost);
                    account.setLong(2, reserved);
                    account.setString(3, accountId);
                    account.executeUpdate();
                }
                try (PreparedStatement session = c.prepareStatement("UPDATE reservations SET state = 'STOPPED',"
                        + " stopped_at = now(), duration = ?, cost_micros = ? WHERE account_id = ? AND call_id = ?")) {
                    session.setInt(1, (int) durationSecs);
                    session.setLong(2, cost);
                    session.setString(3, accountId);
                    session.setString(4, callId);
                    session.executeUpdate();
                }
                try (PreparedStatement cdr = c.prepareStatement("INSERT INTO cdrs (account_id, call_id, tenant_id, caller,"
                        + " callee, start_time, answer_time, end_time, duration, billed, cost_micros, currency, raw)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?)")) {
                    cdr.setString(1, accountId);
                    cdr.setString(2, callId);
                    cdr.setString(3, tenant);
                    cdr.setString(4, caller);
                    cdr.setString(5, callee);
                    cdr.setTimestamp(6, authorisedAt);
                    cdr.setTimestamp(7, answeredAt);
                    cdr.setInt(8, (int) durationSecs);
                    cdr.setInt(9, (int) billed);
                    cdr.setLong(10, cost);
                    cdr.setString(11, currency);
                    cdr.setString(12, raw);
                    cdr.executeUpdate();
                }
                return stopped(callId, durationSecs, billed, cost, balance - cost, currency, false);
            }
        }
    }

    private static Answer stopped(String callId, long duration, long billed, long cost, long balance, String currency,
                                  boolean replay) {
        return new Answer(200, "{\"callId\":\"" + callId + "\",\"durationSeconds\":" + duration + ",\"billedSeconds\":"
                + billed + ",\"cost\":\"" + Money.ofMicros(cost).toPlainString() + "\",\"balance\":\""
                + Money.ofMicros(balance).toPlainString() + "\",\"currency\":\"" + currency + "\",\"replay\":" + replay + "}");
    }

    /** Creates the schema (idempotent). */
    public static void createSchema(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
            statement.execute(SCHEMA);
        }
    }
}
