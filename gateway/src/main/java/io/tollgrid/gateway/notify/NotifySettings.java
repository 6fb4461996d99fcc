package io.tollgrid.gateway.notify;

import io.tollgrid.settings.Settings;
import io.tollgrid.settings.SettingsException;

import java.time.Duration;

/**
 * The notifier's settings ({@code notify.*} keys of the node's config), validated at start.
 *
 * @param enabled         whether this gateway runs a notifier at all
 * @param smtp            the mail server; {@link Smtp#NONE} for no email (email deliveries then fail with a reason)
 * @param webhookTrustPem a PEM file of extra CA certificates webhook receivers may use (a private CA); null for the
 *                        JVM's default trust only
 * @param webhookTimeout  one webhook POST, connect to answer
 * @param maxAttempts     attempts per delivery before it is given up (FAILED with the last reason)
 * @param backoffBase     the wait before the second attempt; it doubles each time
 * @param backoffMax      the longest wait between attempts
 * @param queueCapacity   deliveries held in memory at once (waiting or being tried); a full queue leaves new events
 *                        for the next pass
 * @param workers         threads that send
 * @param pollInterval    how often the invoice numbers, the CDRs and stale claims are read
 * @param lease           a pending delivery whose holder has not touched it for this long is taken over
 * @param lookback        how far back the notifier looks for events at start (and for calls' CDRs on every pass)
 * @param privateWebhooks whether webhooks may go to loopback, private, link-local or carrier-grade NAT addresses;
 *                        off by default, so a tenant's rule cannot make the gateway post into the operator's own
 *                        network (server-side request forgery); on for a receiver inside that network, and in tests
 * @param throttle        how many messages a receiver and a tenant get an hour at most
 */
public record NotifySettings(boolean enabled, Smtp smtp, String webhookTrustPem, Duration webhookTimeout,
                             int maxAttempts, Duration backoffBase, Duration backoffMax, int queueCapacity, int workers,
                             Duration pollInterval, Duration lease, Duration lookback, boolean privateWebhooks,
                             Throttle throttle) {
    public static final NotifySettings DISABLED = new NotifySettings(false, Smtp.NONE, null, Duration.ofSeconds(10), 6,
            Duration.ofSeconds(5), Duration.ofMinutes(5), 10_000, 2, Duration.ofSeconds(15), Duration.ofMinutes(15),
            Duration.ofHours(24), false, Throttle.DEFAULT);

    public NotifySettings {
        java.util.Objects.requireNonNull(throttle, "throttle");
        if (maxAttempts < 1 || maxAttempts > 50) {
            throw new SettingsException("notify.max.attempts", "must be between 1 and 50");
        }
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new SettingsException("notify.queue.capacity", "must be between 1 and 1000000");
        }
        if (workers < 1 || workers > 64) {
            throw new SettingsException("notify.workers", "must be between 1 and 64");
        }
        if (backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
            throw new SettingsException("notify.backoff.ms", "base must be positive and at most the maximum");
        }
        if (lease.compareTo(backoffMax.plus(webhookTimeout).multipliedBy(2)) < 0) {
            // A holder refreshes its claim at every attempt; the lease must outlast the longest wait plus one try.
            throw new SettingsException("notify.lease.seconds", "must be at least twice the longest backoff plus the"
                    + " webhook timeout");
        }
    }

    /** These settings with the notifier on. */
    public NotifySettings on(Smtp smtp) {
        return new NotifySettings(true, smtp, webhookTrustPem, webhookTimeout, maxAttempts, backoffBase, backoffMax,
                queueCapacity, workers, pollInterval, lease, lookback, privateWebhooks, throttle);
    }

    /** These settings with other send limits. */
    public NotifySettings with(Throttle limits) {
        return new NotifySettings(enabled, smtp, webhookTrustPem, webhookTimeout, maxAttempts, backoffBase, backoffMax,
                queueCapacity, workers, pollInterval, lease, lookback, privateWebhooks, limits);
    }

    /**
     * The send limits, per UTC clock hour ({@code notify.throttle.receiver.per.hour}, default 20, and
     * {@code notify.throttle.tenant.per.hour}, default 1,000). A send over either is not made and is recorded
     * THROTTLED in the delivery log.
     *
     * @param perReceiverPerHour messages to one email address or webhook URL of a tenant
     * @param perTenantPerHour   messages of one tenant, all receivers together
     */
    public record Throttle(int perReceiverPerHour, int perTenantPerHour) {
        public static final Throttle DEFAULT = new Throttle(20, 1_000);

        public Throttle {
            if (perReceiverPerHour < 1 || perReceiverPerHour > 100_000) {
                throw new SettingsException("notify.throttle.receiver.per.hour", "must be between 1 and 100000");
            }
            if (perTenantPerHour < perReceiverPerHour || perTenantPerHour > 1_000_000) {
                throw new SettingsException("notify.throttle.tenant.per.hour", "must be between the receiver's limit"
                        + " and 1000000");
            }
        }
    }

    /**
     * The SMTP server.
     *
     * @param startTls REQUIRED (refuse a server without STARTTLS), OPTIONAL, or NONE (plain; a local relay or a test)
     */
    public record Smtp(String host, int port, String startTls, String username, String password, String from,
                       Duration timeout) {
        public static final Smtp NONE = new Smtp("", 25, "REQUIRED", null, null, "tollgrid@localhost",
                Duration.ofSeconds(20));

        public Smtp {
            if (port < 1 || port > 65535) {
                throw new SettingsException("notify.smtp.port", "must be between 1 and 65535");
            }
            if (!java.util.Set.of("REQUIRED", "OPTIONAL", "NONE").contains(startTls)) {
                throw new SettingsException("notify.smtp.starttls", "is REQUIRED, OPTIONAL or NONE");
            }
            if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) {
                throw new SettingsException("notify.smtp.from", "must be an email address");
            }
            if ((username == null) != (password == null)) {
                throw new SettingsException("notify.smtp.password", "a username needs a password, and only then");
            }
        }

        public boolean configured() {
            return !host.isEmpty();
        }
    }

    public static NotifySettings from(Settings settings) {
        String user = settings.string("notify.smtp.username", "");
        Smtp smtp = new Smtp(settings.string("notify.smtp.host", ""), settings.integer("notify.smtp.port", 587, 1, 65535),
                settings.string("notify.smtp.starttls", "REQUIRED"), user.isEmpty() ? null : user,
                user.isEmpty() ? null : settings.requiredString("notify.smtp.password"),
                settings.string("notify.smtp.from", "tollgrid@localhost"),
                Duration.ofMillis(settings.integer("notify.smtp.timeout.ms", 20_000, 100, 300_000)));
        String trust = settings.string("notify.webhook.trust.pem", "");
        return new NotifySettings(settings.bool("notify.enabled", true), smtp,
                trust.isEmpty() ? null : trust,
                Duration.ofMillis(settings.integer("notify.webhook.timeout.ms", 10_000, 100, 120_000)),
                settings.integer("notify.max.attempts", 6, 1, 50),
                Duration.ofMillis(settings.integer("notify.backoff.ms", 5_000, 10, 600_000)),
                Duration.ofMillis(settings.integer("notify.backoff.max.ms", 300_000, 10, 3_600_000)),
                settings.integer("notify.queue.capacity", 10_000, 1, 1_000_000),
                settings.integer("notify.workers", 2, 1, 64),
                Duration.ofMillis(settings.integer("notify.poll.ms", 15_000, 100, 3_600_000)),
                Duration.ofSeconds(settings.integer("notify.lease.seconds", 900, 1, 86_400)),
                Duration.ofHours(settings.integer("notify.lookback.hours", 24, 1, 72)),
                settings.bool("notify.webhook.private.targets", false),
                new Throttle(settings.integer("notify.throttle.receiver.per.hour", Throttle.DEFAULT.perReceiverPerHour(),
                        1, 100_000),
                        settings.integer("notify.throttle.tenant.per.hour", Throttle.DEFAULT.perTenantPerHour(), 1,
                                1_000_000)));
    }
}
