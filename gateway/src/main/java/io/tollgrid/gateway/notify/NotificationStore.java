package io.tollgrid.gateway.notify;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules, the delivery log and the notifier's cursors, in the gateway's Cassandra keyspace (created at start like
 * the invoice tables).
 *
 * <ul>
 *   <li>{@code notification_rules ((tenant_id), rule_id)}: the rules, at most {@value NotificationRule#MAX_RULES_PER_TENANT}
 *       a tenant.</li>
 *   <li>{@code notification_deliveries ((tenant_id, day), delivery_key)}: one row per (rule, channel, event), filed
 *       under the event's UTC day. A row is claimed with {@code INSERT ... IF NOT EXISTS}, so of any number of
 *       notifiers (gateways, restarts) that find the same event one claims it; it is then PENDING, DELIVERED or
 *       FAILED. A tenant is in the partition key, so a tenant's reads never reach another's rows.</li>
 *   <li>{@code notification_templates ((tenant_id), event)}: a tenant's own email texts, one per event.</li>
 *   <li>{@code notification_cursors ((tenant_id), source)}: how far the notifier has read a tenant's invoice
 *       numbers.</li>
 * </ul>
 */
public final class NotificationStore {
    /** The most deliveries one listing returns. */
    public static final int MAX_LIST = 1_000;
    /** The most rules the notifier loads (all tenants together). */
    public static final int MAX_ALL_RULES = 20_000;

    private final CqlSession session;
    private final PreparedStatement putRule;
    private final PreparedStatement removeRule;
    private final PreparedStatement selectRules;
    private final PreparedStatement selectAllRules;
    private final PreparedStatement claim;
    private final PreparedStatement selectDelivery;
    private final PreparedStatement selectDay;
    private final PreparedStatement delivered;
    private final PreparedStatement attempted;
    private final PreparedStatement failed;
    private final PreparedStatement takeOver;
    private final PreparedStatement throttled;
    private final PreparedStatement putTemplate;
    private final PreparedStatement removeTemplate;
    private final PreparedStatement selectTemplates;
    private final PreparedStatement selectTemplate;
    private final PreparedStatement selectCursor;
    private final PreparedStatement putCursor;

    private NotificationStore(CqlSession session, String ks) {
        this.session = session;
        putRule = session.prepare("INSERT INTO " + ks + ".notification_rules (tenant_id, rule_id, event, account_id,"
                + " threshold_seconds, threshold_micros, email_to, webhook_url, webhook_secret, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        removeRule = session.prepare("DELETE FROM " + ks + ".notification_rules WHERE tenant_id = ? AND rule_id = ?");
        selectRules = session.prepare("SELECT * FROM " + ks + ".notification_rules WHERE tenant_id = ?");
        selectAllRules = session.prepare("SELECT * FROM " + ks + ".notification_rules LIMIT " + MAX_ALL_RULES);
        claim = session.prepare("INSERT INTO " + ks + ".notification_deliveries (tenant_id, day, delivery_key, rule_id,"
                + " channel, event, account_id, subject, at, data, invoice_key, state, attempts, claimed_by, claimed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?) IF NOT EXISTS");
        selectDelivery = session.prepare("SELECT * FROM " + ks + ".notification_deliveries"
                + " WHERE tenant_id = ? AND day = ? AND delivery_key = ?");
        selectDay = session.prepare("SELECT * FROM " + ks + ".notification_deliveries WHERE tenant_id = ? AND day = ?"
                + " LIMIT " + (MAX_LIST + 1));
        delivered = session.prepare("UPDATE " + ks + ".notification_deliveries SET state = 'DELIVERED', attempts = ?,"
                + " last_error = null, delivered_at = ? WHERE tenant_id = ? AND day = ? AND delivery_key = ?");
        attempted = session.prepare("UPDATE " + ks + ".notification_deliveries SET attempts = ?, last_error = ?,"
                + " claimed_at = ? WHERE tenant_id = ? AND day = ? AND delivery_key = ?");
        failed = session.prepare("UPDATE " + ks + ".notification_deliveries SET state = 'FAILED', attempts = ?,"
                + " last_error = ? WHERE tenant_id = ? AND day = ? AND delivery_key = ?");
        throttled = session.prepare("UPDATE " + ks + ".notification_deliveries SET state = 'THROTTLED',"
                + " last_error = ? WHERE tenant_id = ? AND day = ? AND delivery_key = ?");
        putTemplate = session.prepare("INSERT INTO " + ks + ".notification_templates (tenant_id, event, subject, body,"
                + " html, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
        removeTemplate = session.prepare("DELETE FROM " + ks + ".notification_templates WHERE tenant_id = ? AND event = ?");
        selectTemplates = session.prepare("SELECT * FROM " + ks + ".notification_templates WHERE tenant_id = ?");
        selectTemplate = session.prepare("SELECT * FROM " + ks + ".notification_templates WHERE tenant_id = ?"
                + " AND event = ?");
        takeOver = session.prepare("UPDATE " + ks + ".notification_deliveries SET claimed_by = ?, claimed_at = ?"
                + " WHERE tenant_id = ? AND day = ? AND delivery_key = ? IF state = 'PENDING' AND claimed_at = ?");
        selectCursor = session.prepare("SELECT position FROM " + ks + ".notification_cursors"
                + " WHERE tenant_id = ? AND source = ?");
        putCursor = session.prepare("INSERT INTO " + ks + ".notification_cursors (tenant_id, source, position)"
                + " VALUES (?, ?, ?)");
    }

    /** Creates the tables if missing (the keyspace exists: the CDR store made it). */
    public static NotificationStore open(CqlSession session, String keyspace) {
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".notification_rules (tenant_id text, rule_id text,"
                + " event text, account_id text, threshold_seconds bigint, threshold_micros bigint, email_to list<text>,"
                + " webhook_url text, webhook_secret text, created_at timestamp, PRIMARY KEY ((tenant_id), rule_id))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".notification_deliveries (tenant_id text, day date,"
                + " delivery_key text, rule_id text, channel text, event text, account_id text, subject text,"
                + " at timestamp, data text, invoice_key text, state text, attempts int, last_error text,"
                + " claimed_by text, claimed_at timestamp, delivered_at timestamp,"
                + " PRIMARY KEY ((tenant_id, day), delivery_key))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".notification_templates (tenant_id text,"
                + " event text, subject text, body text, html text, updated_at timestamp,"
                + " PRIMARY KEY ((tenant_id), event))");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".notification_cursors (tenant_id text, source text,"
                + " position bigint, PRIMARY KEY ((tenant_id), source))");
        session.checkSchemaAgreement();
        return new NotificationStore(session, keyspace);
    }

    /**
     * The store, its tables created on first use: a gateway whose notifier is off and whose notification API is never
     * called (most test gateways) creates no tables, since every schema change waits for the cluster to agree on it.
     */
    public static java.util.function.Supplier<NotificationStore> lazy(CqlSession session, String keyspace) {
        return new java.util.function.Supplier<>() {
            private volatile NotificationStore store;

            @Override
            public NotificationStore get() {
                NotificationStore opened = store;
                if (opened == null) {
                    synchronized (this) {
                        opened = store;
                        if (opened == null) {
                            store = opened = open(session, keyspace);
                        }
                    }
                }
                return opened;
            }
        };
    }

    // ---- rules ----

    public void putRule(NotificationRule rule) {
        session.execute(putRule.bind(rule.tenantId(), rule.ruleId(), rule.event().name(), rule.accountId(),
                rule.thresholdSeconds(), rule.thresholdMicros(), rule.emailTo(), rule.webhookUrl(),
                rule.webhookSecret(), rule.createdAt()).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    public void removeRule(String tenantId, String ruleId) {
        session.execute(removeRule.bind(tenantId, ruleId).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    public List<NotificationRule> rules(String tenantId) {
        List<NotificationRule> rules = new ArrayList<>();
        session.execute(selectRules.bind(tenantId).setConsistencyLevel(ConsistencyLevel.QUORUM))
                .forEach(row -> rules.add(ruleOf(row)));
        return rules;
    }

    public Optional<NotificationRule> rule(String tenantId, String ruleId) {
        return rules(tenantId).stream().filter(rule -> rule.ruleId().equals(ruleId)).findFirst();
    }

    /** Every tenant's rules (the notifier's view; at most {@value #MAX_ALL_RULES}). */
    public List<NotificationRule> allRules() {
        List<NotificationRule> rules = new ArrayList<>();
        session.execute(selectAllRules.bind()).forEach(row -> rules.add(ruleOf(row)));
        return rules;
    }

    private static NotificationRule ruleOf(Row row) {
        return new NotificationRule(row.getString("tenant_id"), row.getString("rule_id"),
                NotifyEvent.valueOf(row.getString("event")), row.getString("account_id"), row.getLong("threshold_seconds"),
                row.getLong("threshold_micros"), row.getList("email_to", String.class), row.getString("webhook_url"),
                row.getString("webhook_secret"), row.getInstant("created_at"));
    }

    // ---- deliveries ----

    /** Claims the notification for this holder; false when the log has it already (sent, failed or someone's). */
    public boolean claim(Notification n, String holder, Instant now) {
        return session.execute(claim.bind(n.tenantId(), n.day(), n.key(), n.ruleId(), n.channel().name(),
                n.event().name(), n.accountId(), n.subject(), n.at(), n.data(), n.invoiceKey(), holder, now)
                .setSerialConsistencyLevel(ConsistencyLevel.SERIAL)).wasApplied();
    }

    public Optional<Delivery> delivery(String tenantId, LocalDate day, String key) {
        Row row = session.execute(selectDelivery.bind(tenantId, day, key)
                .setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(NotificationStore::deliveryOf);
    }

    /** The tenant's deliveries filed under one UTC day, by key; at most {@value #MAX_LIST}. */
    public List<Delivery> deliveries(String tenantId, LocalDate day) {
        List<Delivery> found = new ArrayList<>();
        session.execute(selectDay.bind(tenantId, day).setConsistencyLevel(ConsistencyLevel.QUORUM))
                .forEach(row -> found.add(deliveryOf(row)));
        return found.size() > MAX_LIST ? found.subList(0, MAX_LIST) : found;
    }

    public void delivered(Notification n, int attempts, Instant at) {
        session.execute(delivered.bind(attempts, at, n.tenantId(), n.day(), n.key())
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** Records a failed attempt that will be retried; refreshes the claim so no one takes it over meanwhile. */
    public void attempted(Notification n, int attempts, String error, Instant now) {
        session.execute(attempted.bind(attempts, error, now, n.tenantId(), n.day(), n.key())
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    public void failed(Notification n, int attempts, String reason) {
        session.execute(failed.bind(attempts, reason, n.tenantId(), n.day(), n.key())
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** Records a delivery the send limits held back: THROTTLED, never sent, with the limit that held it. */
    public void throttled(Notification n, String reason) {
        session.execute(throttled.bind(reason, n.tenantId(), n.day(), n.key())
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** Takes over a pending delivery whose holder went quiet; true for the one taker that wins. */
    public boolean takeOver(Delivery stale, String holder, Instant now) {
        Notification n = stale.notification();
        return session.execute(takeOver.bind(holder, now, n.tenantId(), stale.day(), n.key(), stale.claimedAt())
                .setSerialConsistencyLevel(ConsistencyLevel.SERIAL)).wasApplied();
    }

    private static Delivery deliveryOf(Row row) {
        Notification n = new Notification(row.getString("tenant_id"), row.getString("rule_id"),
                Channel.valueOf(row.getString("channel")), NotifyEvent.valueOf(row.getString("event")),
                row.getString("account_id"), row.getString("subject"), row.getInstant("at"), row.getString("data"),
                row.getString("invoice_key"));
        return new Delivery(n, row.getLocalDate("day"), DeliveryState.valueOf(row.getString("state")),
                row.getInt("attempts"), row.getString("last_error"), row.getString("claimed_by"),
                row.getInstant("claimed_at"), row.getInstant("delivered_at"));
    }

    // ---- templates ----

    public void putTemplate(NotificationTemplate template) {
        session.execute(putTemplate.bind(template.tenantId(), template.event().name(), template.subject(),
                template.body(), template.html(), template.updatedAt()).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    public void removeTemplate(String tenantId, NotifyEvent event) {
        session.execute(removeTemplate.bind(tenantId, event.name()).setConsistencyLevel(ConsistencyLevel.QUORUM));
    }

    /** The tenant's own templates, at most one per event. */
    public List<NotificationTemplate> templates(String tenantId) {
        List<NotificationTemplate> found = new ArrayList<>();
        session.execute(selectTemplates.bind(tenantId).setConsistencyLevel(ConsistencyLevel.QUORUM))
                .forEach(row -> found.add(templateOf(row)));
        return found;
    }

    /** The tenant's own template of the event, if it set one. */
    public Optional<NotificationTemplate> template(String tenantId, NotifyEvent event) {
        Row row = session.execute(selectTemplate.bind(tenantId, event.name())
                .setConsistencyLevel(ConsistencyLevel.QUORUM)).one();
        return Optional.ofNullable(row).map(NotificationStore::templateOf);
    }

    private static NotificationTemplate templateOf(Row row) {
        return new NotificationTemplate(row.getString("tenant_id"), NotifyEvent.valueOf(row.getString("event")),
                row.getString("subject"), row.getString("body"), row.getString("html"), row.getInstant("updated_at"));
    }

    // ---- cursors ----

    public long cursor(String tenantId, String source) {
        Row row = session.execute(selectCursor.bind(tenantId, source)).one();
        return row == null ? 0 : row.getLong("position");
    }

    public void cursor(String tenantId, String source, long position) {
        session.execute(putCursor.bind(tenantId, source, position));
    }
}
