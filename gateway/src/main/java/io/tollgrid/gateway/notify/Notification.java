package io.tollgrid.gateway.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One notification to deliver: an event, matched by a rule, on one of the rule's channels. Its key names the rule,
 * the channel and the event, so the same event through the same rule and channel is claimed once in the delivery
 * log, whoever finds it and however often (the idempotency key; also sent to the receiver).
 *
 * @param subject    the event within its account: the grid's event id, the call id, the invoice's key
 * @param at         when the event happened (it files the delivery under that UTC day)
 * @param data       the event as JSON text, the webhook's {@code data}
 * @param invoiceKey the invoice whose PDF an email attaches, or null
 */
public record Notification(String tenantId, String ruleId, Channel channel, NotifyEvent event, String accountId,
                           String subject, Instant at, String data, String invoiceKey) {
    public Notification {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(data, "data");
    }

    /** The idempotency key: rule, channel, event kind, account and the event's own id. */
    public String key() {
        return ruleId + "/" + channel + "/" + event + ":" + accountId + "/" + subject;
    }

    public LocalDate day() {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
