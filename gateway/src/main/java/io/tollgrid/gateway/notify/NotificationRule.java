package io.tollgrid.gateway.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant's rule: which event goes to which channels. A rule applies to events raised at or after it was
 * created (a new rule never mails the past), for every account of the tenant or the one it names.
 *
 * @param accountId        only this account's events; null for every account of the tenant (its own accounts, not
 *                         its customers' tenants below it)
 * @param thresholdSeconds LONG_CALL: a call lasting more than this; 0 for every other event
 * @param thresholdMicros  EXPENSIVE_CALL: a call costing more than this (account currency, micros); 0 otherwise
 * @param emailTo          addresses to mail, empty for no email
 * @param webhookUrl       an https URL to POST to, null for no webhook
 * @param webhookSecret    the HMAC-SHA256 key of the webhook's signature (never shown after it is set)
 */
public record NotificationRule(String tenantId, String ruleId, NotifyEvent event, String accountId,
                               long thresholdSeconds, long thresholdMicros, List<String> emailTo, String webhookUrl,
                               String webhookSecret, Instant createdAt) {
    public static final int MAX_RULES_PER_TENANT = 50;
    public static final int MAX_RECIPIENTS = 10;
    public static final long MAX_THRESHOLD_SECONDS = 86_400;
    public static final int MIN_SECRET = 32;
    public static final int MAX_SECRET = 256;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{" + MIN_SECRET + "," + MAX_SECRET + "}");

    public NotificationRule {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (ruleId == null || !ID.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("'ruleId' is 1 to 64 letters, digits and _.:-");
        }
        if (event == null) {
            throw new IllegalArgumentException("'event' is one of " + List.of(NotifyEvent.values()));
        }
        if (event == NotifyEvent.LONG_CALL ? thresholdSeconds < 1 || thresholdSeconds > MAX_THRESHOLD_SECONDS
                : thresholdSeconds != 0) {
            throw new IllegalArgumentException(event == NotifyEvent.LONG_CALL
                    ? "LONG_CALL needs 'thresholdSeconds' from 1 to " + MAX_THRESHOLD_SECONDS
                    : "'thresholdSeconds' is for LONG_CALL only");
        }
        if (event == NotifyEvent.EXPENSIVE_CALL ? thresholdMicros <= 0 : thresholdMicros != 0) {
            throw new IllegalArgumentException(event == NotifyEvent.EXPENSIVE_CALL
                    ? "EXPENSIVE_CALL needs a positive 'thresholdAmount'" : "'thresholdAmount' is for EXPENSIVE_CALL only");
        }
        emailTo = List.copyOf(emailTo == null ? List.of() : emailTo);
        if (emailTo.size() > MAX_RECIPIENTS || new LinkedHashSet<>(emailTo).size() != emailTo.size()) {
            throw new IllegalArgumentException("'email.to' holds at most " + MAX_RECIPIENTS + " different addresses");
        }
        for (String address : emailTo) {
            checkAddress(address);
        }
        if (webhookUrl != null) {
            checkUrl(webhookUrl);
            if (webhookSecret == null || !SECRET.matcher(webhookSecret).matches()) {
                throw new IllegalArgumentException("'webhook.secret' is " + MIN_SECRET + " to " + MAX_SECRET
                        + " printable ASCII characters");
            }
        } else if (webhookSecret != null) {
            throw new IllegalArgumentException("a webhook secret without a webhook URL");
        }
        if (emailTo.isEmpty() && webhookUrl == null) {
            throw new IllegalArgumentException("a rule needs a channel: 'email' with 'to', or 'webhook' with 'url'");
        }
    }

    /** The channels this rule sends to. */
    public List<Channel> channels() {
        List<Channel> channels = new ArrayList<>(2);
        if (!emailTo.isEmpty()) {
            channels.add(Channel.EMAIL);
        }
        if (webhookUrl != null) {
            channels.add(Channel.WEBHOOK);
        }
        return channels;
    }

    /** Whether an event of this account, raised at this instant, is this rule's. */
    public boolean covers(String eventAccountId, Instant at) {
        return (accountId == null || accountId.equals(eventAccountId)) && !at.isBefore(createdAt);
    }

    private static void checkAddress(String address) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !address.equals(parsed.getAddress()) || address.length() > 254
                    || !address.contains("@") || address.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("not a plain email address: " + address);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an email address: " + address);
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (url.length() > 2048 || !"https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
                    || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("'webhook.url' is an https URL with a host, no user and no fragment,"
                        + " at most 2048 characters");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'webhook.url' is not a URL: " + e.getMessage());
        }
    }
}
