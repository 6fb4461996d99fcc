package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.CallMix;
import io.tollgrid.localcluster.ForkedJvm;
import io.tollgrid.localcluster.FreePorts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** (a) SQL-row billing: PostgreSQL (fsync on) and {@link SqlBillingServer} in its own JVM. */
final class SqlSystem implements SystemUnderTest {
    private final Path dir;
    private final int poolSize;
    private final int httpPort = FreePorts.next();
    private final int pgPort = FreePorts.next();
    private Postgres postgres;
    private long postmaster;
    private ForkedJvm server;

    SqlSystem(Path dir, int poolSize) {
        this.dir = dir;
        this.poolSize = poolSize;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public void start() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"), pgPort);
        postmaster = postgres.pid();
        server = ForkedServer.start("sql-billing", SqlBillingServer.class,
                List.of(Integer.toString(httpPort), postgres.jdbcUrl(), Integer.toString(poolSize)), dir);
    }

    /** The Java front, and the postmaster with every backend and worker it forks (see {@link ProcStat#treeTicks}). */
    @Override
    public Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("sql-billing", server.pid());
        pids.put("postgres", postmaster);
        return pids;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public void provision(CallMix mix) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl() + "?reWriteBatchedInserts=true", "postgres", "")) {
            try (Statement statement = c.createStatement()) {
                statement.execute(SqlBilling.SCHEMA);
            }
            c.setAutoCommit(false);
            try (PreparedStatement plan = c.prepareStatement("INSERT INTO rate_plans VALUES (?, ?, ?, ?, ?)")) {
                plan.setString(1, CallMix.PLAN);
                plan.setLong(2, CallMix.PRICE_PER_MINUTE_MICROS);
                plan.setLong(3, CallMix.CONNECT_FEE_MICROS);
                plan.setInt(4, CallMix.INITIAL_INCREMENT);
                plan.setInt(5, CallMix.NEXT_INCREMENT);
                plan.executeUpdate();
            }
            try (PreparedStatement account = c.prepareStatement("INSERT INTO accounts (account_id, tenant_id, currency,"
                    + " plan_id, balance_micros, credit_limit_micros) VALUES (?, ?, 'EUR', ?, ?, 0)")) {
                for (int i = 0; i < mix.accounts(); i++) {
                    add(account, CallMix.ordinary(i), CallMix.ORDINARY_BALANCE_MICROS);
                }
                for (int i = 0; i < mix.hotAccounts(); i++) {
                    add(account, CallMix.hot(i), CallMix.HOT_BALANCE_MICROS);
                }
                for (int i = 0; i < mix.brokeAccounts(); i++) {
                    add(account, CallMix.broke(i), CallMix.BROKE_BALANCE_MICROS);
                }
                account.executeBatch();
            }
            c.commit();
            try (Statement statement = c.createStatement()) {
                c.setAutoCommit(true);
                statement.execute("VACUUM ANALYZE");
            }
        }
    }

    private static void add(PreparedStatement account, String id, long balance) throws Exception {
        account.setString(1, id);
        account.setString(2, CallMix.TENANT);
        account.setString(3, CallMix.PLAN);
        account.setLong(4, balance);
        account.addBatch();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
