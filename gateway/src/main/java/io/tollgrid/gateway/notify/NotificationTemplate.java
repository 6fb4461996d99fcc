package io.tollgrid.gateway.notify;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words of one kind of notification email: a subject, a plain-text body and optionally an HTML body, each with
 * placeholders from the event's fixed list ({@link #placeholders}). A tenant may set one per event; without one the
 * built-in English text ({@link #defaultFor}) is used. The constructor checks every bound and every placeholder, so a
 * template that exists can always be filled.
 *
 * @param tenantId  the tenant's, or null for a built-in default
 * @param html      the HTML body, or null for plain text only; placeholder values are HTML-escaped in it
 * @param updatedAt when the tenant set it (null for a default)
 */
public record NotificationTemplate(String tenantId, NotifyEvent event, String subject, String body, String html,
                                   Instant updatedAt) {
    public static final int MAX_SUBJECT = 200;
    public static final int MAX_BODY = 10_000;
    public static final int MAX_HTML = 20_000;

    private static final Set<String> COMMON = Set.of("tenant", "account", "event", "at", "notification");
    private static final Set<String> CALL = Set.of("callId", "caller", "callee", "startTime", "endTime",
            "durationSeconds", "cost", "currency");
    private static final Set<String> INVOICE = Set.of("invoice", "number", "periodStart", "periodEnd", "gross",
            "currency", "issuedAt", "dueAt");
    private static final Map<NotifyEvent, Set<String>> PLACEHOLDERS = new EnumMap<>(Map.of(
            NotifyEvent.LOW_BALANCE, with(Set.of("balance", "threshold", "currency", "cause")),
            NotifyEvent.LONG_CALL, with(CALL),
            NotifyEvent.EXPENSIVE_CALL, with(CALL),
            NotifyEvent.INVOICE_ISSUED, with(INVOICE),
            NotifyEvent.INVOICE_OVERDUE, with(union(INVOICE, Set.of("outstanding")))));

    private static final String TRAILER = "\nEvent: {{event}} at {{at}}\nNotification: {{notification}}\n";
    private static final Map<NotifyEvent, NotificationTemplate> DEFAULTS = new EnumMap<>(Map.of(
            NotifyEvent.LOW_BALANCE, builtIn(NotifyEvent.LOW_BALANCE,
                    "Low balance on account {{account}}: {{balance}} {{currency}}",
                    "The balance of account {{account}} fell to {{balance}} {{currency}}, below its threshold of"
                            + " {{threshold}}.\n"),
            NotifyEvent.LONG_CALL, builtIn(NotifyEvent.LONG_CALL,
                    "Long call on account {{account}}: {{durationSeconds}} s",
                    "A call of account {{account}} to {{callee}} lasted {{durationSeconds}} s.\n"),
            NotifyEvent.EXPENSIVE_CALL, builtIn(NotifyEvent.EXPENSIVE_CALL,
                    "Expensive call on account {{account}}: {{cost}} {{currency}}",
                    "A call of account {{account}} to {{callee}} cost {{cost}} {{currency}}.\n"),
            NotifyEvent.INVOICE_ISSUED, builtIn(NotifyEvent.INVOICE_ISSUED,
                    "Invoice {{number}} for account {{account}}",
                    "Invoice {{number}} for {{periodStart}} to {{periodEnd}}: {{gross}} {{currency}}, due {{dueAt}}."
                            + " The invoice is attached.\n"),
            NotifyEvent.INVOICE_OVERDUE, builtIn(NotifyEvent.INVOICE_OVERDUE,
                    "Invoice {{number}} is overdue",
                    "Invoice {{number}} was due {{dueAt}}; {{outstanding}} {{currency}} is outstanding.\n")));

    public NotificationTemplate {
        Objects.requireNonNull(event, "event");
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            throw new IllegalArgumentException("'subject' is 1 to " + MAX_SUBJECT + " characters");
        }
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'subject' is one line, without control characters");
        }
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("'body' is 1 to " + MAX_BODY + " characters");
        }
        if (html != null && (html.isBlank() || html.length() > MAX_HTML)) {
            throw new IllegalArgumentException("'html' is 1 to " + MAX_HTML + " characters");
        }
        // Parsed here so an unknown placeholder or a stray "{{" is refused when the template is made.
        Template.parse(subject, placeholders(event));
        Template.parse(body, placeholders(event));
        if (html != null) {
            Template.parse(html, placeholders(event));
        }
    }

    /** The placeholders an event's template may use. */
    public static Set<String> placeholders(NotifyEvent event) {
        return PLACEHOLDERS.get(event);
    }

    /** The built-in English text, used when the tenant has set none. */
    public static NotificationTemplate defaultFor(NotifyEvent event) {
        return DEFAULTS.get(event);
    }

    public boolean builtIn() {
        return tenantId == null;
    }

    /** The email's subject, body and HTML body (null without one) for a notification and its event's data. */
    Rendered render(Map<String, String> values) {
        Set<String> allowed = placeholders(event);
        String text = Template.parse(body, allowed).fill(values, v -> v);
        String htmlText = html == null ? null : Template.parse(html, allowed).fill(values, Template::html);
        return new Rendered(Template.parse(subject, allowed).fill(values, Template::oneLine), text, htmlText);
    }

    /** A filled template. */
    record Rendered(String subject, String text, String html) {
    }

    private static NotificationTemplate builtIn(NotifyEvent event, String subject, String body) {
        return new NotificationTemplate(null, event, subject, body + TRAILER, null, null);
    }

    private static Set<String> with(Set<String> own) {
        return union(COMMON, own);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return java.util.Collections.unmodifiableSet(all);
    }
}
