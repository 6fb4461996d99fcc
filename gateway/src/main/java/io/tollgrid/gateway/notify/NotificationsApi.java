package io.tollgrid.gateway.notify;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The notification API under {@code /admin}: a tenant's rules (set, remove, list), its email templates per event (set,
 * remove, list) and its delivery log by day. Who may
 * call each operation is {@link io.tollgrid.gateway.auth.Rules}' table; {@link Access} has checked the body's
 * {@code tenantId} and {@code accountId} against the caller's reach before a handler runs, and the GETs check the
 * query's {@code tenantId} here the same way (404 {@code TENANT_UNKNOWN}). Every POST is in the audit log, without the
 * webhook secret. Handlers block (Cassandra): mounted as blocking handlers.
 */
public final class NotificationsApi {
    private static final Set<String> RULE_FIELDS = Set.of("tenantId", "ruleId", "event", "accountId", "thresholdSeconds",
            "thresholdAmount", "email", "webhook");
    private static final Set<String> TEMPLATE_FIELDS = Set.of("tenantId", "event", "subject", "body", "html");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final java.util.function.Supplier<NotificationStore> stores;
    private final GridAdmin grid;
    private final Access access;
    private final Runnable changed;

    /**
     * @param stores  the store, opened (its tables created) on the first request
     * @param changed told after a rule changes (the notifier reloads its rules)
     */
    public NotificationsApi(java.util.function.Supplier<NotificationStore> stores, GridAdmin grid, Access access,
                            Runnable changed) {
        this.stores = stores;
        this.grid = grid;
        this.access = access;
        this.changed = changed;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/notification-rules").handler(contract.validate("putNotificationRule"))
                .blockingHandler(this::putRule, false);
        router.post("/admin/notification-rules/:ruleId/remove").handler(contract.validate("removeNotificationRule"))
                .blockingHandler(this::removeRule, false);
        router.get("/admin/notification-rules").handler(contract.validate("listNotificationRules"))
                .blockingHandler(this::listRules, false);
        router.post("/admin/notification-templates").handler(contract.validate("putNotificationTemplate"))
                .blockingHandler(this::putTemplate, false);
        router.post("/admin/notification-templates/:event/remove").handler(contract.validate("removeNotificationTemplate"))
                .blockingHandler(this::removeTemplate, false);
        router.get("/admin/notification-templates").handler(contract.validate("listNotificationTemplates"))
                .blockingHandler(this::listTemplates, false);
        router.get("/admin/notification-deliveries").handler(contract.validate("listNotificationDeliveries"))
                .blockingHandler(this::listDeliveries, false);
    }

    /** The tenant named, if the caller reaches it and it exists; otherwise what a missing one answers. */
    private String reachedTenant(RoutingContext ctx, String tenantId) {
        if (!access.reaches(Access.caller(ctx), tenantId) || grid.tenant(tenantId).isEmpty()) {
            throw new ApiException(404, "TENANT_UNKNOWN", "no such tenant");
        }
        return tenantId;
    }

    private void putRule(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        for (String field : body.json().fieldNames()) {
            if (!RULE_FIELDS.contains(field)) {
                throw ApiException.invalid("unknown field '" + field + "'");
            }
        }
        String tenant = reachedTenant(ctx, body.id("tenantId"));
        String accountId = body.json().getValue("accountId") == null ? null : body.id("accountId");
        if (accountId != null && grid.account(accountId).filter(a -> a.tenantId().equals(tenant)).isEmpty()) {
            throw new ApiException(404, "ACCOUNT_UNKNOWN", "no such account in the tenant");
        }
        NotifyEvent event = event(body.text("event"));
        long seconds = body.json().getValue("thresholdSeconds") == null ? 0 : body.nonNegativeLong("thresholdSeconds");
        Money amount = body.money("thresholdAmount", Money.ZERO);
        JsonObject email = object(body.json(), "email");
        JsonObject webhook = object(body.json(), "webhook");
        List<String> to = new ArrayList<>();
        if (email != null) {
            for (String field : email.fieldNames()) {
                if (!field.equals("to")) {
                    throw ApiException.invalid("unknown field 'email." + field + "'");
                }
            }
            if (!(email.getValue("to") instanceof JsonArray list) || list.isEmpty()) {
                throw ApiException.invalid("'email.to' is a non-empty list of addresses");
            }
            for (Object address : list) {
                if (!(address instanceof String text)) {
                    throw ApiException.invalid("'email.to' holds addresses as strings");
                }
                to.add(text);
            }
        }
        String url = null;
        String secret = null;
        boolean generated = false;
        if (webhook != null) {
            for (String field : webhook.fieldNames()) {
                if (!Set.of("url", "secret").contains(field)) {
                    throw ApiException.invalid("unknown field 'webhook." + field + "'");
                }
            }
            if (!(webhook.getValue("url") instanceof String text)) {
                throw ApiException.invalid("'webhook.url' is required with a webhook");
            }
            url = text;
            Object given = webhook.getValue("secret");
            if (given != null && !(given instanceof String)) {
                throw ApiException.invalid("'webhook.secret' is a string");
            }
            secret = (String) given;
            if (secret == null) {
                byte[] random = new byte[32];
                RANDOM.nextBytes(random);
                secret = "whsec_" + HexFormat.of().formatHex(random);
                generated = true;
            }
        }
        NotificationRule rule;
        try {
            rule = new NotificationRule(tenant, body.id("ruleId"), event, accountId, seconds, amount.micros(), to, url,
                    secret, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        List<NotificationRule> existing = stores.get().rules(tenant);
        boolean replaces = existing.stream().anyMatch(r -> r.ruleId().equals(rule.ruleId()));
        if (!replaces && existing.size() >= NotificationRule.MAX_RULES_PER_TENANT) {
            throw new ApiException(409, "TOO_MANY_RULES", "a tenant has at most " + NotificationRule.MAX_RULES_PER_TENANT
                    + " notification rules");
        }
        stores.get().putRule(rule);
        AuditTrail.changes(ctx, "rule " + rule.ruleId() + ": " + (replaces ? "replaced" : "created") + " ("
                + rule.event() + " -> " + rule.channels() + ")");
        changed.run();
        JsonObject json = json(rule);
        if (generated) {
            json.getJsonObject("webhook").put("secret", secret);
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 201, json);
    }

    private void removeRule(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = reachedTenant(ctx, body.id("tenantId"));
        String ruleId = ctx.pathParam("ruleId");
        if (stores.get().rule(tenant, ruleId).isEmpty()) {
            throw new ApiException(404, "RULE_UNKNOWN", "no such notification rule");
        }
        stores.get().removeRule(tenant, ruleId);
        AuditTrail.changes(ctx, "rule " + ruleId + ": removed");
        changed.run();
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("ruleId", ruleId).put("removed", true));
    }

    private void listRules(RoutingContext ctx) {
        String tenant = reachedTenant(ctx, query(ctx, "tenantId"));
        JsonArray rules = new JsonArray();
        stores.get().rules(tenant).forEach(rule -> rules.add(json(rule)));
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("rules", rules));
    }

    private void listDeliveries(RoutingContext ctx) {
        String tenant = reachedTenant(ctx, query(ctx, "tenantId"));
        String dayText = ctx.queryParams().get("day");
        LocalDate day;
        try {
            day = dayText == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(dayText);
        } catch (DateTimeException e) {
            throw ApiException.invalid("'day' is a UTC date such as 2026-12-03");
        }
        JsonArray rows = new JsonArray();
        for (Delivery delivery : stores.get().deliveries(tenant, day)) {
            Notification n = delivery.notification();
            rows.add(new JsonObject().put("key", n.key()).put("ruleId", n.ruleId()).put("channel", n.channel().name())
                    .put("event", n.event().name()).put("accountId", n.accountId()).put("subject", n.subject())
                    .put("at", n.at().toString()).put("state", delivery.state().name())
                    .put("attempts", delivery.attempts()).put("lastError", delivery.lastError())
                    .put("deliveredAt", delivery.deliveredAt() == null ? null : delivery.deliveredAt().toString()));
        }
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("day", day.toString())
                .put("deliveries", rows));
    }

    private void putTemplate(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        for (String field : body.json().fieldNames()) {
            if (!TEMPLATE_FIELDS.contains(field)) {
                throw ApiException.invalid("unknown field '" + field + "'");
            }
        }
        String tenant = reachedTenant(ctx, body.id("tenantId"));
        NotifyEvent event = event(body.text("event"));
        NotificationTemplate template;
        try {
            template = new NotificationTemplate(tenant, event, body.text("subject"), body.text("body"),
                    body.optionalText("html", null), Instant.now());
        } catch (Template.UnknownPlaceholder e) {
            throw new ApiException(422, "PLACEHOLDER_UNKNOWN", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "TEMPLATE_INVALID", e.getMessage());
        }
        boolean replaces = stores.get().template(tenant, event).isPresent();
        stores.get().putTemplate(template);
        AuditTrail.changes(ctx, "template " + event + ": " + (replaces ? "replaced" : "set"));
        Responses.json(ctx, 201, json(template).put("tenantId", tenant));
    }

    private void removeTemplate(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = reachedTenant(ctx, body.id("tenantId"));
        NotifyEvent event = event(ctx.pathParam("event"));
        if (stores.get().template(tenant, event).isEmpty()) {
            throw new ApiException(404, "TEMPLATE_UNKNOWN", "the tenant has no template of " + event);
        }
        stores.get().removeTemplate(tenant, event);
        AuditTrail.changes(ctx, "template " + event + ": removed");
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("event", event.name())
                .put("removed", true));
    }

    /** Every event's template as it applies to the tenant: its own, or the built-in one ({@code builtIn: true}). */
    private void listTemplates(RoutingContext ctx) {
        String tenant = reachedTenant(ctx, query(ctx, "tenantId"));
        String only = ctx.queryParams().get("event");
        NotifyEvent wanted = only == null ? null : event(only);
        java.util.Map<NotifyEvent, NotificationTemplate> own = new java.util.EnumMap<>(NotifyEvent.class);
        stores.get().templates(tenant).forEach(template -> own.put(template.event(), template));
        JsonArray templates = new JsonArray();
        for (NotifyEvent event : NotifyEvent.values()) {
            if (wanted == null || wanted == event) {
                templates.add(json(own.getOrDefault(event, NotificationTemplate.defaultFor(event))));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("templates", templates));
    }

    static JsonObject json(NotificationTemplate template) {
        return new JsonObject().put("event", template.event().name()).put("builtIn", template.builtIn())
                .put("subject", template.subject()).put("body", template.body()).put("html", template.html())
                .put("placeholders", new JsonArray(List.copyOf(NotificationTemplate.placeholders(template.event()))))
                .put("updatedAt", template.updatedAt() == null ? null : template.updatedAt().toString());
    }

    /** A rule on the wire: never its webhook secret. */
    static JsonObject json(NotificationRule rule) {
        JsonObject json = new JsonObject().put("tenantId", rule.tenantId()).put("ruleId", rule.ruleId())
                .put("event", rule.event().name()).put("accountId", rule.accountId())
                .put("createdAt", rule.createdAt().toString());
        if (rule.event() == NotifyEvent.LONG_CALL) {
            json.put("thresholdSeconds", rule.thresholdSeconds());
        }
        if (rule.event() == NotifyEvent.EXPENSIVE_CALL) {
            json.put("thresholdAmount", Money.ofMicros(rule.thresholdMicros()).toPlainString());
        }
        if (!rule.emailTo().isEmpty()) {
            json.put("email", new JsonObject().put("to", new JsonArray(rule.emailTo())));
        }
        if (rule.webhookUrl() != null) {
            json.put("webhook", new JsonObject().put("url", rule.webhookUrl()).put("secretSet", true));
        }
        return json;
    }

    private static NotifyEvent event(String text) {
        try {
            return NotifyEvent.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'event' is one of " + List.of(NotifyEvent.values()));
        }
    }

    private static JsonObject object(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof JsonObject)) {
            throw ApiException.invalid("'" + field + "' must be an object");
        }
        return (JsonObject) value;
    }

    private static String query(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("'" + name + "' is required");
        }
        return value;
    }
}
