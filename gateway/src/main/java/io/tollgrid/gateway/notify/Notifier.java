package io.tollgrid.gateway.notify;

import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.account.AccountEvent;
import io.tollgrid.grid.account.AccountEventFeed;
import io.tollgrid.grid.account.TenantAccounts;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.invoice.DocumentKind;
import io.tollgrid.history.invoice.Invoice;
import io.tollgrid.history.invoice.InvoiceStatus;
import io.tollgrid.history.invoice.InvoiceStore;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Finds events, matches them to the tenants' rules, claims each (rule, channel, event) once in the delivery log and
 * delivers it at least once, on threads of its own; nothing here runs on a Vert.x event loop or in a call's path.
 *
 * <p>Sources, each read through its owner's API:
 * <ul>
 *   <li>low balance: the grid's {@link AccountEventFeed}, live (a continuous query) after a scan of the last
 *       {@code lookback}; its listener only queues the event (bounded; a full queue makes the next pass scan again);</li>
 *   <li>invoice issued: each tenant's invoice numbers in order from a stored cursor ({@link InvoiceStore#byNumber});</li>
 *   <li>invoice overdue: the tenant's last {@value #OVERDUE_WINDOW} numbers, once a minute;</li>
 *   <li>long and expensive calls: the rated CDRs of the tenant's accounts ({@link CdrStore#find}) that started within
 *       {@code lookback}, once a minute.</li>
 * </ul>
 *
 * <p>Delivery: a claim is an {@code INSERT IF NOT EXISTS} under the idempotency key, so a restart, a second gateway
 * or a rescan never sends what the log has. A claimed delivery is tried at once, then after {@code backoffBase},
 * doubling up to {@code backoffMax}, at most {@code maxAttempts} times, then FAILED with the last reason. Every
 * attempt refreshes the claim; a pending delivery nobody refreshed for {@code lease} (its gateway died), or one this
 * holder claimed before it restarted, is taken over by one notifier (an LWT on the claim time). A crash after a send
 * and before it is recorded sends it again: at least once, with the same key for the receiver to drop the repeat.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    /** Invoices the overdue check reads per tenant (the newest numbers). */
    static final int OVERDUE_WINDOW = 2_000;
    /** Invoice numbers read per tenant per pass. */
    static final int NUMBERS_PER_PASS = 500;
    /** Accounts per tenant whose CDRs the call check reads. */
    static final int MAX_CALL_ACCOUNTS = 1_000;
    /** Keys this process claimed or found claimed, remembered so a rescan does not read the log again. */
    static final int SEEN_KEYS = 100_000;
    private static final Duration SLOW_CHECKS = Duration.ofMinutes(1);
    private static final int MAX_REASON = 500;

    private final NotifySettings settings;
    private final NotificationStore store;
    private final AccountEventFeed feed;
    private final TenantAccounts tenantAccounts;
    private final GridAdmin grid;
    private final InvoiceStore invoices;
    private final CdrStore cdrs;
    private final Function<Invoice, byte[]> invoicePdf;
    private final Mailer mailer;
    private final Webhooks webhooks;
    private final Clock clock;
    private final String holder;

    private final ArrayBlockingQueue<AccountEventFeed.Entry> intake;
    private final DelayQueue<Job> jobs = new DelayQueue<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> seen = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > SEEN_KEYS;
                }
            });
    private final ScheduledExecutorService poller;
    private final ExecutorService workers;
    private final AtomicLong deliveredCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong retriedCount = new AtomicLong();
    private final AtomicLong throttledCount = new AtomicLong();
    private final SendThrottle throttle;

    private volatile Map<String, List<NotificationRule>> rules = Map.of();
    private volatile boolean rescan;
    private volatile boolean closed;
    private AutoCloseable listening;
    private Instant lastSlowChecks = Instant.EPOCH;

    /**
     * @param holder     this notifier's name in the log's claims; stable across restarts (the node's name), so a
     *                   restarted notifier takes its own unfinished deliveries back at once
     * @param invoicePdf renders an invoice as the PDF an issued-invoice email attaches
     */
    public Notifier(NotifySettings settings, NotificationStore store, AccountEventFeed feed, TenantAccounts tenantAccounts,
                    GridAdmin grid, InvoiceStore invoices, CdrStore cdrs, Function<Invoice, byte[]> invoicePdf,
                    Clock clock, String holder) {
        this.settings = settings;
        this.store = store;
        this.feed = feed;
        this.tenantAccounts = tenantAccounts;
        this.grid = grid;
        this.invoices = invoices;
        this.cdrs = cdrs;
        this.invoicePdf = invoicePdf;
        this.mailer = new Mailer(settings.smtp());
        this.webhooks = new Webhooks(settings.webhookTrustPem(), settings.webhookTimeout(), settings.privateWebhooks());
        this.clock = clock;
        this.holder = holder;
        this.throttle = new SendThrottle(settings.throttle().perReceiverPerHour(), settings.throttle().perTenantPerHour());
        this.intake = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("tollgrid-notify-poll"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("tollgrid-notify-send"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts listening and the passes. */
    public Notifier start() {
        refreshRules();
        listen();
        poller.scheduleWithFixedDelay(this::pass, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::work);
        }
        return this;
    }

    /** Reload the rules now (after an API change on this gateway; others see it at their next pass). */
    public void rulesChanged() {
        if (!closed) {
            poller.execute(this::refreshRules);
        }
    }

    /** Deliveries in memory (waiting for an attempt or being tried). */
    public int inFlight() {
        return held.size();
    }

    public long delivered() {
        return deliveredCount.get();
    }

    public long failed() {
        return failedCount.get();
    }

    public long retried() {
        return retriedCount.get();
    }

    /** Deliveries the send limits held back (recorded THROTTLED). */
    public long throttled() {
        return throttledCount.get();
    }

    private synchronized void listen() {
        closeListening();
        long since = clock.instant().minus(settings.lookback()).toEpochMilli();
        listening = feed.listen(Set.of(AccountEvent.LOW_BALANCE), since, entry -> {
            if (!intake.offer(entry)) {
                rescan = true;
            }
        });
    }

    private synchronized void closeListening() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.warn("closing the account event feed failed: {}", e.toString());
            }
            listening = null;
        }
    }

    /** One pass of the poller; never lets an exception end the schedule. */
    synchronized void pass() {
        if (closed) {
            return;
        }
        try {
            refreshRules();
            if (rescan) {
                rescan = false;
                listen();
            }
            drainIntake();
            Instant now = clock.instant();
            invoicesIssued();
            if (!now.isBefore(lastSlowChecks.plus(slowEvery()))) {
                lastSlowChecks = now;
                invoicesOverdue(now);
                calls(now);
                sweep(now);
            }
        } catch (RuntimeException e) {
            // Account events taken from the intake may be lost with it: scan them again next pass.
            rescan = true;
            LOG.warn("notification pass failed, next in {}: {}", settings.pollInterval(), e.toString());
        }
    }

    private Duration slowEvery() {
        return settings.pollInterval().compareTo(SLOW_CHECKS) > 0 ? settings.pollInterval() : SLOW_CHECKS;
    }

    /** Runs the checks that otherwise run once a minute now (tests; an operator's nudge). */
    synchronized void passNow() {
        lastSlowChecks = Instant.EPOCH;
        pass();
    }

    private void refreshRules() {
        Map<String, List<NotificationRule>> byTenant = new HashMap<>();
        for (NotificationRule rule : store.allRules()) {
            byTenant.computeIfAbsent(rule.tenantId(), t -> new ArrayList<>()).add(rule);
        }
        rules = byTenant;
    }

    private List<NotificationRule> rulesOf(String tenantId, NotifyEvent event) {
        return rules.getOrDefault(tenantId, List.of()).stream().filter(rule -> rule.event() == event).toList();
    }

    private Set<String> tenantsWith(NotifyEvent... events) {
        Set<NotifyEvent> wanted = Set.of(events);
        Set<String> tenants = new java.util.TreeSet<>();
        rules.forEach((tenant, list) -> {
            if (list.stream().anyMatch(rule -> wanted.contains(rule.event()))) {
                tenants.add(tenant);
            }
        });
        return tenants;
    }

    // ---- sources ----

    private void drainIntake() {
        AccountEventFeed.Entry entry;
        while ((entry = intake.poll()) != null) {
            Optional<Account> account = grid.account(entry.accountId());
            if (account.isEmpty()) {
                continue;
            }
            AccountEvent event = entry.event();
            Instant at = Instant.ofEpochMilli(event.atMillis());
            JsonObject data = new JsonObject().put("accountId", entry.accountId()).put("at", at.toString())
                    .put("balance", Money.ofMicros(event.balanceMicros()).toPlainString())
                    .put("threshold", Money.ofMicros(account.get().lowBalanceMicros()).toPlainString())
                    .put("currency", account.get().currency()).put("cause", event.cause());
            for (NotificationRule rule : rulesOf(account.get().tenantId(), NotifyEvent.LOW_BALANCE)) {
                if (rule.covers(entry.accountId(), at) && !offer(rule, entry.accountId(), entry.eventId(), at, data, null)) {
                    rescan = true;
                }
            }
        }
    }

    private void invoicesIssued() {
        for (String tenant : tenantsWith(NotifyEvent.INVOICE_ISSUED)) {
            long position = store.cursor(tenant, "invoice-issued");
            long reached = position;
            for (long number = position + 1; number <= position + NUMBERS_PER_PASS; number++) {
                Optional<Invoice> found = invoices.byNumber(tenant, number);
                if (found.isEmpty()) {
                    break;
                }
                Invoice invoice = found.get();
                boolean queued = true;
                if (invoice.kind() == DocumentKind.INVOICE) {
                    for (NotificationRule rule : rulesOf(tenant, NotifyEvent.INVOICE_ISSUED)) {
                        if (rule.covers(invoice.accountId(), invoice.issuedAt())) {
                            queued &= offer(rule, invoice.accountId(), invoice.documentKey(), invoice.issuedAt(),
                                    invoiceData(invoice), invoice.documentKey());
                        }
                    }
                }
                if (!queued) {
                    break;
                }
                reached = number;
            }
            if (reached != position) {
                store.cursor(tenant, "invoice-issued", reached);
            }
        }
    }

    private void invoicesOverdue(Instant now) {
        for (String tenant : tenantsWith(NotifyEvent.INVOICE_OVERDUE)) {
            long top = store.cursor(tenant, "invoice-top");
            long reached = top;
            while (reached < top + NUMBERS_PER_PASS && invoices.byNumber(tenant, reached + 1).isPresent()) {
                reached++;
            }
            if (reached != top) {
                store.cursor(tenant, "invoice-top", reached);
            }
            for (long number = Math.max(1, reached - OVERDUE_WINDOW + 1); number <= reached; number++) {
                Optional<Invoice> found = invoices.byNumber(tenant, number);
                if (found.isEmpty() || found.get().kind() != DocumentKind.INVOICE
                        || found.get().status(now) != InvoiceStatus.OVERDUE) {
                    continue;
                }
                Invoice invoice = found.get();
                for (NotificationRule rule : rulesOf(tenant, NotifyEvent.INVOICE_OVERDUE)) {
                    if (rule.covers(invoice.accountId(), invoice.dueAt())) {
                        offer(rule, invoice.accountId(), invoice.documentKey(), invoice.dueAt(),
                                invoiceData(invoice).put("outstanding", invoice.outstanding().toPlainString()),
                                invoice.documentKey());
                    }
                }
            }
        }
    }

    private static JsonObject invoiceData(Invoice invoice) {
        return new JsonObject().put("accountId", invoice.accountId()).put("invoice", invoice.documentKey())
                .put("number", invoice.number()).put("periodStart", invoice.periodStart().toString())
                .put("periodEnd", invoice.periodEnd().minusDays(1).toString())
                .put("gross", invoice.gross().toPlainString()).put("currency", invoice.currency())
                .put("issuedAt", invoice.issuedAt().toString()).put("dueAt", invoice.dueAt().toString());
    }

    private void calls(Instant now) {
        for (String tenant : tenantsWith(NotifyEvent.LONG_CALL, NotifyEvent.EXPENSIVE_CALL)) {
            List<NotificationRule> callRules = new ArrayList<>(rulesOf(tenant, NotifyEvent.LONG_CALL));
            callRules.addAll(rulesOf(tenant, NotifyEvent.EXPENSIVE_CALL));
            List<String> accounts = callRules.stream().allMatch(rule -> rule.accountId() != null)
                    ? callRules.stream().map(NotificationRule::accountId).distinct().toList()
                    : tenantAccounts.ids(tenant, MAX_CALL_ACCOUNTS);
            for (String account : accounts) {
                List<RatedCdr> found;
                try {
                    found = cdrs.find(tenant, account, now.minus(settings.lookback()), now).toCompletableFuture().join();
                } catch (RuntimeException e) {
                    LOG.warn("call alerts: the CDRs of {} could not be read: {}", account, e.toString());
                    continue;
                }
                for (RatedCdr cdr : found) {
                    Instant ended = cdr.endTime() != null ? cdr.endTime() : cdr.startTime();
                    for (NotificationRule rule : callRules) {
                        boolean over = rule.event() == NotifyEvent.LONG_CALL
                                ? cdr.durationSeconds() > rule.thresholdSeconds()
                                : cdr.cost() != null && cdr.cost().micros() > rule.thresholdMicros();
                        if (over && rule.covers(account, ended)) {
                            offer(rule, account, cdr.callId(), ended, new JsonObject().put("accountId", account)
                                    .put("callId", cdr.callId()).put("caller", cdr.caller()).put("callee", cdr.callee())
                                    .put("startTime", cdr.startTime().toString()).put("endTime", ended.toString())
                                    .put("durationSeconds", cdr.durationSeconds())
                                    .put("cost", cdr.cost() == null ? null : cdr.cost().toPlainString())
                                    .put("currency", cdr.currency()), null);
                        }
                    }
                }
            }
        }
    }

    /**
     * Takes pending deliveries back: ones whose holder went quiet for a lease, and this holder's own from before a
     * restart (not in memory). Reads today's and the two days before of each tenant with rules.
     */
    private void sweep(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (String tenant : rules.keySet()) {
            for (int back = 0; back <= 2; back++) {
                for (Delivery delivery : store.deliveries(tenant, today.minusDays(back))) {
                    Notification n = delivery.notification();
                    boolean stale = delivery.claimedAt() == null
                            || delivery.claimedAt().isBefore(now.minus(settings.lease()));
                    boolean orphan = holder.equals(delivery.claimedBy()) && !held.contains(n.key());
                    if (delivery.state() != DeliveryState.PENDING || !(stale || orphan)
                            || held.size() >= settings.queueCapacity()) {
                        continue;
                    }
                    if (store.takeOver(delivery, holder, now) && held.add(n.key())) {
                        jobs.put(new Job(n, delivery.attempts(), now));
                    }
                }
            }
        }
    }

    /** Claims and queues one notification per channel of the rule; false when the queue is full (try later). */
    private boolean offer(NotificationRule rule, String accountId, String subject, Instant at, JsonObject data,
                          String invoiceKey) {
        boolean all = true;
        for (Channel channel : rule.channels()) {
            Notification n = new Notification(rule.tenantId(), rule.ruleId(), channel, rule.event(), accountId, subject,
                    at, data.encode(), invoiceKey);
            String key = n.tenantId() + "|" + n.key();
            if (seen.containsKey(key)) {
                continue;
            }
            if (held.size() >= settings.queueCapacity()) {
                all = false;
                continue;
            }
            if (store.delivery(n.tenantId(), n.day(), n.key()).isPresent()) {
                seen.put(key, Boolean.TRUE);
                continue;
            }
            Instant now = clock.instant();
            if (store.claim(n, holder, now) && held.add(n.key())) {
                jobs.put(new Job(n, 0, now));
            }
            seen.put(key, Boolean.TRUE);
        }
        return all;
    }

    // ---- delivery ----

    private void work() {
        while (!closed) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            attempt(job);
        }
    }

    private void attempt(Job job) {
        Notification n = job.notification();
        int attempts = job.attempts() + 1;
        try {
            if (job.attempts() == 0) {
                // Judged once, at the first attempt: a delivery let through is retried without counting again.
                Optional<String> refused = throttle.admit(n.tenantId(), receivers(n), clock.instant());
                if (refused.isPresent()) {
                    throttle(n, refused.get());
                    return;
                }
            }
            send(n);
            store.delivered(n, attempts, clock.instant());
            deliveredCount.incrementAndGet();
            held.remove(n.key());
        } catch (GiveUp e) {
            giveUp(n, attempts, e.getMessage());
        } catch (Exception e) {
            String reason = reason(e);
            try {
                if (attempts >= settings.maxAttempts()) {
                    giveUp(n, attempts, reason + " (after " + attempts + " attempts)");
                } else {
                    Instant next = clock.instant().plus(backoff(attempts));
                    store.attempted(n, attempts, reason, clock.instant());
                    retriedCount.incrementAndGet();
                    jobs.put(new Job(n, attempts, next));
                }
            } catch (RuntimeException logFailed) {
                // The log is unreachable: drop it from memory; the sweep takes it back after the lease.
                LOG.warn("delivery {} not recorded: {}", n.key(), logFailed.toString());
                held.remove(n.key());
            }
        }
    }

    private void throttle(Notification n, String reason) {
        try {
            store.throttled(n, truncate(reason));
            throttledCount.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("delivery {} not recorded as throttled: {}", n.key(), e.toString());
        } finally {
            held.remove(n.key());
        }
    }

    private void giveUp(Notification n, int attempts, String reason) {
        try {
            store.failed(n, attempts, truncate(reason));
            failedCount.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("delivery {} not recorded as failed: {}", n.key(), e.toString());
        } finally {
            held.remove(n.key());
        }
    }

    /** The wait after the n-th failed attempt: base, 2 base, 4 base, ... at most the maximum. */
    Duration backoff(int failedAttempts) {
        long factor = 1L << Math.min(20, failedAttempts - 1);
        Duration wait = settings.backoffBase().multipliedBy(factor);
        return wait.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : wait;
    }

    private NotificationRule ruleOf(Notification n) throws GiveUp {
        return rules.getOrDefault(n.tenantId(), List.of()).stream()
                .filter(r -> r.ruleId().equals(n.ruleId())).findFirst()
                .orElseThrow(() -> new GiveUp("the rule was removed"));
    }

    /** Who receives it: the rule's email addresses, or its webhook's URL. */
    private List<String> receivers(Notification n) throws GiveUp {
        NotificationRule rule = ruleOf(n);
        return n.channel() == Channel.EMAIL ? rule.emailTo()
                : rule.webhookUrl() == null ? List.of() : List.of(rule.webhookUrl());
    }

    private void send(Notification n) throws Exception {
        NotificationRule rule = ruleOf(n);
        if (!rule.channels().contains(n.channel())) {
            throw new GiveUp("the rule no longer sends to " + n.channel());
        }
        JsonObject data = new JsonObject(n.data());
        if (n.channel() == Channel.WEBHOOK) {
            String body = new JsonObject().put("id", n.key()).put("event", n.event().name())
                    .put("tenantId", n.tenantId()).put("ruleId", n.ruleId()).put("accountId", n.accountId())
                    .put("at", n.at().toString()).put("data", data).encode();
            webhooks.send(rule.webhookUrl(), rule.webhookSecret(), n.key(), n.event(), body, clock.instant().getEpochSecond());
            return;
        }
        if (!settings.smtp().configured()) {
            throw new GiveUp("no SMTP server is configured (notify.smtp.host)");
        }
        byte[] pdf = null;
        String attachment = null;
        if (n.invoiceKey() != null && n.event() == NotifyEvent.INVOICE_ISSUED) {
            Invoice invoice = invoices.document(n.tenantId(), n.accountId(), n.invoiceKey())
                    .orElseThrow(() -> new GiveUp("the invoice " + n.invoiceKey() + " is gone"));
            pdf = invoicePdf.apply(invoice);
            attachment = "invoice-" + invoice.number() + ".pdf";
        }
        NotificationTemplate template = store.template(n.tenantId(), n.event())
                .orElseGet(() -> NotificationTemplate.defaultFor(n.event()));
        NotificationTemplate.Rendered email = template.render(values(n, data));
        mailer.send(rule.emailTo(), n.key(), email.subject(), email.text(), email.html(), attachment, pdf);
    }

    /** A template's values: the event's data, and the tenant, account, event, time and idempotency key. */
    static Map<String, String> values(Notification n, JsonObject data) {
        Map<String, String> values = new HashMap<>();
        for (String field : data.fieldNames()) {
            Object value = data.getValue(field);
            if (value != null) {
                values.put(field, String.valueOf(value));
            }
        }
        values.put("tenant", n.tenantId());
        values.put("account", n.accountId());
        values.put("event", n.event().name());
        values.put("at", n.at().toString());
        values.put("notification", n.key());
        return values;
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return truncate(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private static String truncate(String reason) {
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }

    @Override
    public void close() {
        closed = true;
        closeListening();
        poller.shutdownNow();
        workers.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failure no retry can cure (the rule or invoice is gone). */
    private static final class GiveUp extends Exception {
        GiveUp(String reason) {
            super(reason);
        }
    }

    /** A delivery waiting for its next attempt. */
    private record Job(Notification notification, int attempts, Instant due) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(Instant.now(), due).toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }
    }
}
