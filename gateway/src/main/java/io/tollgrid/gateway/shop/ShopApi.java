package io.tollgrid.gateway.shop;

import io.tollgrid.gateway.audit.AuditTrail;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.auth.Caller;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.gateway.tenant.TenantApi;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.AdminException;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.principal.Role;
import io.tollgrid.grid.shop.CallStatus;
import io.tollgrid.grid.shop.DayReport;
import io.tollgrid.grid.shop.DaySession;
import io.tollgrid.grid.shop.LiveBooths;
import io.tollgrid.grid.shop.Receipt;
import io.tollgrid.grid.shop.SellPrices;
import io.tollgrid.grid.shop.SellRule;
import io.tollgrid.grid.shop.SessionCall;
import io.tollgrid.grid.shop.Shop;
import io.tollgrid.grid.shop.Shops;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * POST /admin/shops, and the shop's tenant API under /v1/shop: the shop, day sessions, their calls, payments,
 * receipts, the day report and the live booths. {@link Access} authenticates and checks the role first; here every
 * session and receipt is looked up within the caller's own tenant, so another shop's answers exactly as a missing
 * one (404). A shop operator sees and changes only its own sessions.
 */
public final class ShopApi {
    /** The most days one session listing spans. */
    static final int MAX_LIST_DAYS = 366;
    private static final long CDR_READ_SECONDS = 20;

    private final Shops shops;
    private final LiveBooths live;
    private final GridAdmin grid;
    private final CdrStore cdrs;

    public ShopApi(Shops shops, LiveBooths live, GridAdmin grid, CdrStore cdrs) {
        this.shops = shops;
        this.live = live;
        this.grid = grid;
        this.cdrs = cdrs;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/shops").handler(contract.validate("putShop")).blockingHandler(this::putShop, false);
        router.get("/v1/shop").handler(contract.validate("shop")).blockingHandler(this::shop, false);
        router.get("/v1/shop/booths").handler(contract.validate("shopBooths")).blockingHandler(this::booths, false);
        router.post("/v1/shop/sessions").handler(contract.validate("openShopSession"))
                .blockingHandler(this::open, false);
        router.get("/v1/shop/sessions").handler(contract.validate("shopSessions")).blockingHandler(this::list, false);
        router.get("/v1/shop/sessions/:sessionId").handler(contract.validate("shopSession"))
                .blockingHandler(this::session, false);
        router.get("/v1/shop/sessions/:sessionId/report").handler(contract.validate("shopDayReport"))
                .blockingHandler(this::report, false);
        router.post("/v1/shop/sessions/:sessionId/pay").handler(contract.validate("payShopCalls"))
                .blockingHandler(this::pay, false);
        router.post("/v1/shop/sessions/:sessionId/unpaid").handler(contract.validate("markShopCallsUnpaid"))
                .blockingHandler(this::unpaid, false);
        router.post("/v1/shop/sessions/:sessionId/close").handler(contract.validate("closeShopSession"))
                .blockingHandler(this::close, false);
        router.get("/v1/shop/receipts/:receiptId").handler(contract.validate("shopReceipt"))
                .blockingHandler(this::receipt, false);
    }

    // ---- the shop

    private void putShop(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenantId = body.id("tenantId");
        List<String> booths = new ArrayList<>();
        for (Object booth : body.json().getJsonArray("booths")) {
            booths.add((String) booth);
        }
        List<SellRule> rules = new ArrayList<>();
        JsonArray given = body.json().getJsonArray("sellRules", new JsonArray());
        for (Object item : given) {
            rules.add(rule((JsonObject) item));
        }
        Shop shop;
        try {
            shop = shops.putShop(tenantId, booths, rules);
        } catch (AdminException e) {
            throw refused(e);
        }
        AuditTrail.changes(ctx, "booths: " + String.join(",", shop.booths()) + "; sellRules: " + rules.size());
        Responses.json(ctx, 201, shopJson(shop));
    }

    private static SellRule rule(JsonObject item) {
        String prefix = item.getString("prefix", "");
        String markup = item.getString("markupPercent");
        String fixed = item.getString("pricePerMinute");
        if ((markup == null) == (fixed == null)) {
            throw ApiException.invalid("a sell rule has either 'markupPercent' or 'pricePerMinute'");
        }
        try {
            if (markup != null) {
                BigDecimal basisPoints = new BigDecimal(markup).movePointRight(2);
                return SellRule.markup(prefix, basisPoints.longValueExact());
            }
            Money price = Money.parse(fixed);
            return SellRule.fixed(prefix, price.micros());
        } catch (ArithmeticException e) {
            throw ApiException.invalid("'markupPercent' has at most two decimals");
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("sell rule " + prefix + ": " + e.getMessage());
        }
    }

    private void shop(RoutingContext ctx) {
        Shop shop = ownShop(ctx);
        JsonObject json = shopJson(shop);
        Tenant tenant = grid.tenant(shop.tenantId()).orElseThrow();
        json.put("name", tenant.name());
        if (tenant.walletAccount() != null) {
            grid.account(tenant.walletAccount()).ifPresent(wallet -> json.put("wallet", new JsonObject()
                    .put("account", wallet.accountId()).put("currency", wallet.currency())
                    .put("balance", money(wallet.balanceMicros())).put("available", money(wallet.availableMicros()))));
        }
        Responses.json(ctx, 200, json);
    }

    private JsonObject shopJson(Shop shop) {
        JsonArray rules = new JsonArray();
        for (SellRule rule : shop.rules()) {
            JsonObject json = new JsonObject().put("prefix", rule.prefix());
            if (rule.kind() == SellRule.Kind.MARKUP) {
                json.put("markupPercent", BigDecimal.valueOf(rule.markupBasisPoints(), 2).toPlainString());
            } else {
                json.put("pricePerMinute", money(rule.pricePerMinuteMicros()));
            }
            rules.add(json);
        }
        return new JsonObject().put("tenantId", shop.tenantId()).put("booths", new JsonArray(shop.booths()))
                .put("sellRules", rules).put("markupRounding", SellPrices.MARKUP_ROUNDING);
    }

    // ---- sessions

    private void open(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        Money cash = JsonBodies.of(ctx).money("openingFloat", null);
        if (cash.isNegative()) {
            throw new ApiException(400, "CASH_INVALID", "'openingFloat' must not be negative");
        }
        DaySession session;
        try {
            session = shops.open(caller.tenantId(), caller.principalId(), cash.micros(), Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        AuditTrail.changes(ctx, "session " + session.sessionId() + ": OPEN, float " + money(session.floatMicros()));
        Responses.json(ctx, 201, sessionJson(session));
    }

    private void list(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = date(ctx, "from", today);
        LocalDate to = date(ctx, "to", from);
        if (to.isBefore(from) || from.plusDays(MAX_LIST_DAYS).isBefore(to)) {
            throw ApiException.invalid("'to' must be 0 to " + MAX_LIST_DAYS + " days after 'from'");
        }
        String operator = caller.role() == Role.SHOP_OPERATOR ? caller.principalId() : null;
        List<DaySession> found = shops.sessions(caller.tenantId(), operator, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        JsonArray sessions = new JsonArray();
        found.forEach(session -> sessions.add(sessionJson(session)));
        Responses.json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString())
                .put("count", found.size()).put("sessions", sessions));
    }

    private void session(RoutingContext ctx) {
        DaySession session = visibleSession(ctx);
        Shop shop = shops.shop(session.tenantId()).orElseThrow();
        Responses.json(ctx, 200, reportJson(DayReport.of(session, callsOf(session, shop))));
    }

    private void report(RoutingContext ctx) {
        DaySession session = visibleSession(ctx);
        Shop shop = shops.shop(session.tenantId()).orElseThrow();
        DayReport report = DayReport.of(session, callsOf(session, shop));
        String format = ctx.queryParams().get("format") == null ? "json" : ctx.queryParams().get("format");
        String name = grid.tenant(session.tenantId()).map(Tenant::name).orElse(session.tenantId());
        switch (format) {
            case "html" -> html(ctx, ShopDocuments.reportHtml(name, report));
            case "pdf" -> pdf(ctx, ShopDocuments.reportPdf(name, report), "day-report-" + session.sessionId());
            default -> Responses.json(ctx, 200, reportJson(report));
        }
    }

    private void pay(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        DaySession session = ownSession(ctx, caller);
        Shop shop = shops.shop(session.tenantId()).orElseThrow();
        Map<String, SessionCall> known = byKey(callsOf(session, shop));
        List<SessionCall> chosen = new ArrayList<>();
        for (String key : calls(ctx)) {
            SessionCall call = known.get(key);
            if (call == null) {
                throw new ApiException(404, "CALL_UNKNOWN", "no finished call " + key.replace(' ', '/')
                        + " in this session");
            }
            chosen.add(call);
        }
        Receipt receipt;
        try {
            receipt = shops.pay(session.sessionId(), caller.principalId(), chosen, Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        AuditTrail.changes(ctx, "calls " + chosen.stream().map(c -> c.account() + "/" + c.callId())
                .collect(Collectors.joining(",")) + ": -> PAID on " + receipt.receiptId() + ", total "
                + money(receipt.totalMicros()));
        Responses.json(ctx, 201, receiptJson(receipt));
    }

    private void unpaid(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        DaySession session = ownSession(ctx, caller);
        Shop shop = shops.shop(session.tenantId()).orElseThrow();
        Map<String, SessionCall> known = byKey(callsOf(session, shop));
        List<String> keys = calls(ctx);
        for (String key : keys) {
            if (!known.containsKey(key)) {
                throw new ApiException(404, "CALL_UNKNOWN", "no finished call " + key.replace(' ', '/')
                        + " in this session");
            }
        }
        DaySession after;
        try {
            after = shops.markUnpaid(session.sessionId(), caller.principalId(), keys, Instant.now());
        } catch (AdminException e) {
            throw refused(e);
        }
        AuditTrail.changes(ctx, "calls " + keys.stream().map(k -> k.replace(' ', '/'))
                .collect(Collectors.joining(",")) + ": -> UNPAID");
        Responses.json(ctx, 200, reportJson(DayReport.of(after, callsOf(after, shop))));
    }

    private void close(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        Money counted = JsonBodies.of(ctx).money("cashCounted", null);
        if (counted.isNegative()) {
            throw new ApiException(400, "CASH_INVALID", "'cashCounted' must not be negative");
        }
        DaySession session = ownSession(ctx, caller);
        Shop shop = shops.shop(session.tenantId()).orElseThrow();
        Instant now = Instant.now();
        DaySession closed;
        try {
            closed = shops.close(session.sessionId(), caller.principalId(), counted.micros(),
                    rawCalls(session, shop, now), now);
        } catch (AdminException e) {
            throw refused(e);
        }
        DayReport report = DayReport.of(closed, closed.closedCalls());
        AuditTrail.changes(ctx, "session " + closed.sessionId() + ": OPEN -> CLOSED, counted "
                + money(closed.countedMicros()) + ", expected " + money(report.expectedMicros()));
        Responses.json(ctx, 200, reportJson(report));
    }

    private void receipt(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        Receipt receipt = shops.receipt(ctx.pathParam("receiptId"))
                .filter(found -> found.tenantId().equals(caller.tenantId()))
                .filter(found -> caller.role() != Role.SHOP_OPERATOR || found.operatorId().equals(caller.principalId()))
                .orElseThrow(() -> new ApiException(404, "RECEIPT_UNKNOWN", "no such receipt"));
        String format = ctx.queryParams().get("format") == null ? "json" : ctx.queryParams().get("format");
        String name = grid.tenant(receipt.tenantId()).map(Tenant::name).orElse(receipt.tenantId());
        switch (format) {
            case "html" -> html(ctx, ShopDocuments.receiptHtml(name, receipt));
            case "pdf" -> pdf(ctx, ShopDocuments.receiptPdf(name, receipt), receipt.receiptId());
            default -> Responses.json(ctx, 200, receiptJson(receipt));
        }
    }

    // ---- booths

    /**
     * Each booth: CALLING (its calls in progress: destination, running time, cost so far at the shop's prices),
     * WAITING_PAYMENT (a finished call of the caller's open session not yet handled), or IDLE.
     */
    private void booths(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        Shop shop = ownShop(ctx);
        long now = System.currentTimeMillis();
        Map<String, List<SessionCall>> waiting = new HashMap<>();
        shops.openSessionOf(caller.principalId()).ifPresent(session -> callsOf(session, shop).stream()
                .filter(call -> call.status() == CallStatus.UNSERVED)
                .forEach(call -> waiting.computeIfAbsent(call.account(), k -> new ArrayList<>()).add(call)));
        JsonArray booths = new JsonArray();
        for (String booth : shop.booths()) {
            JsonObject json = new JsonObject().put("booth", booth);
            List<LiveBooths.LiveCall> calls = live.liveCalls(booth);
            JsonArray liveCalls = new JsonArray();
            for (LiveBooths.LiveCall call : calls) {
                long running = call.runningSeconds(now);
                long cost = call.costSoFarMicros(running);
                liveCalls.add(new JsonObject().put("callId", call.callId()).put("callee", call.callee())
                        .put("answered", call.answeredAtMillis() != 0).put("runningSeconds", running)
                        .put("costSoFar", money(SellPrices.sellMicros(shop.rules(), call.callee(), running, cost))));
            }
            List<SessionCall> unpaid = waiting.getOrDefault(booth, List.of());
            String state = !calls.isEmpty() ? "CALLING" : !unpaid.isEmpty() ? "WAITING_PAYMENT" : "IDLE";
            JsonArray waitingCalls = new JsonArray();
            unpaid.forEach(call -> waitingCalls.add(callJson(call)));
            booths.add(json.put("state", state).put("calls", liveCalls).put("waiting", waitingCalls));
        }
        Responses.json(ctx, 200, new JsonObject().put("at", Instant.ofEpochMilli(now).toString()).put("booths", booths));
    }

    // ---- helpers

    private Shop ownShop(RoutingContext ctx) {
        String tenant = ctx.get(TenantApi.TENANT);
        return shops.shop(tenant).orElseThrow(() -> new ApiException(404, "SHOP_UNKNOWN", "this tenant is not a shop"));
    }

    /** A session of the caller's shop; a shop operator's own only. Anything else answers as a missing one. */
    private DaySession visibleSession(RoutingContext ctx) {
        Caller caller = Access.caller(ctx);
        return shops.session(ctx.pathParam("sessionId"))
                .filter(session -> session.tenantId().equals(caller.tenantId()))
                .filter(session -> caller.role() != Role.SHOP_OPERATOR || session.operatorId().equals(caller.principalId()))
                .orElseThrow(() -> new ApiException(404, "SESSION_UNKNOWN", "no such session"));
    }

    /** A session the caller may change: its own (only shop operators reach the writes). */
    private DaySession ownSession(RoutingContext ctx, Caller caller) {
        DaySession session = visibleSession(ctx);
        if (!session.operatorId().equals(caller.principalId())) {
            throw new ApiException(404, "SESSION_UNKNOWN", "no such session");
        }
        return session;
    }

    /** The session's calls with their status: while open, read from the CDR history; once closed, as kept. */
    private List<SessionCall> callsOf(DaySession session, Shop shop) {
        if (!session.isOpen()) {
            return session.closedCalls();
        }
        Map<String, io.tollgrid.grid.shop.CallMark> marks = session.marks();
        return rawCalls(session, shop, Instant.now()).stream().map(call -> call.withMark(marks.get(call.key()))).toList();
    }

    /**
     * The answered calls of the shop's booths that started while the session was open ([opened, until]), oldest
     * first, priced with the shop's sell rules, before the operator's marks.
     */
    private List<SessionCall> rawCalls(DaySession session, Shop shop, Instant until) {
        Instant from = Instant.ofEpochMilli(session.openedAtMillis());
        Instant to = until.plusMillis(1);
        if (to.isAfter(from.plus(CdrStore.MAX_QUERY_RANGE))) {
            to = from.plus(CdrStore.MAX_QUERY_RANGE);
        }
        List<SessionCall> calls = new ArrayList<>();
        for (String booth : shop.booths()) {
            List<RatedCdr> rows;
            try {
                rows = cdrs.find(shop.tenantId(), booth, from, to).toCompletableFuture()
                        .get(CDR_READ_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("reading the CDRs of booth " + booth + " failed", e);
            }
            for (RatedCdr cdr : rows) {
                if (cdr.durationSeconds() == 0) {
                    continue;
                }
                long sell = SellPrices.sellMicros(shop.rules(), cdr.callee(), cdr.durationSeconds(), cdr.cost().micros());
                calls.add(new SessionCall(booth, cdr.callId(), cdr.callee(), cdr.startTime().toEpochMilli(),
                        cdr.durationSeconds(), cdr.cost().micros(), sell, CallStatus.UNSERVED, null));
            }
        }
        if (calls.size() > DaySession.MAX_CALLS) {
            throw new ApiException(422, "SESSION_TOO_LARGE", "the session has more than " + DaySession.MAX_CALLS + " calls");
        }
        calls.sort(Comparator.comparingLong(SessionCall::startMillis).thenComparing(call -> call.key()));
        return calls;
    }

    private static Map<String, SessionCall> byKey(List<SessionCall> calls) {
        Map<String, SessionCall> byKey = new HashMap<>();
        calls.forEach(call -> byKey.put(call.key(), call));
        return byKey;
    }

    /** The calls a body names: {@code calls: [{account, callId}]}. */
    private static List<String> calls(RoutingContext ctx) {
        List<String> keys = new ArrayList<>();
        for (Object item : JsonBodies.of(ctx).json().getJsonArray("calls")) {
            JsonObject call = (JsonObject) item;
            keys.add(SessionCall.key(call.getString("account"), call.getString("callId")));
        }
        return keys;
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'" + name + "' is not a date (YYYY-MM-DD)");
        }
    }

    static JsonObject sessionJson(DaySession session) {
        JsonObject json = new JsonObject().put("sessionId", session.sessionId()).put("operatorId", session.operatorId())
                .put("state", session.isOpen() ? "OPEN" : "CLOSED")
                .put("openedAt", Instant.ofEpochMilli(session.openedAtMillis()).toString())
                .put("openingFloat", money(session.floatMicros()))
                .put("receipts", session.receipts());
        if (!session.isOpen()) {
            json.put("closedAt", Instant.ofEpochMilli(session.closedAtMillis()).toString())
                    .put("cashCounted", money(session.countedMicros()));
        }
        return json;
    }

    static JsonObject reportJson(DayReport report) {
        JsonArray calls = new JsonArray();
        report.calls().forEach(call -> calls.add(callJson(call)));
        JsonArray unpaid = new JsonArray();
        report.unpaid().forEach(call -> unpaid.add(callJson(call)));
        JsonArray unserved = new JsonArray();
        report.unserved().forEach(call -> unserved.add(callJson(call)));
        JsonObject json = sessionJson(report.session())
                .put("calls", calls)
                .put("callCount", report.calls().size())
                .put("answeredSeconds", report.answeredSeconds())
                .put("minutes", ShopDocuments.minutes(report.answeredSeconds()))
                .put("paid", money(report.paidMicros()))
                .put("cashExpected", money(report.expectedMicros()))
                .put("unpaid", unpaid)
                .put("unserved", unserved);
        if (!report.session().isOpen()) {
            json.put("difference", money(report.differenceMicros()));
        }
        return json;
    }

    static JsonObject callJson(SessionCall call) {
        JsonObject json = new JsonObject().put("account", call.account()).put("callId", call.callId())
                .put("callee", call.callee()).put("startTime", Instant.ofEpochMilli(call.startMillis()).toString())
                .put("durationSeconds", call.durationSeconds()).put("cost", money(call.costMicros()))
                .put("price", money(call.sellMicros())).put("status", call.status().name());
        if (call.receiptId() != null) {
            json.put("receiptId", call.receiptId());
        }
        return json;
    }

    static JsonObject receiptJson(Receipt receipt) {
        JsonArray calls = new JsonArray();
        receipt.calls().forEach(call -> calls.add(callJson(call)));
        return new JsonObject().put("receiptId", receipt.receiptId()).put("sessionId", receipt.sessionId())
                .put("operatorId", receipt.operatorId())
                .put("issuedAt", Instant.ofEpochMilli(receipt.issuedAtMillis()).toString())
                .put("calls", calls).put("total", money(receipt.totalMicros()));
    }

    static String money(long micros) {
        return Money.ofMicros(micros).toPlainString();
    }

    private static void html(RoutingContext ctx, String html) {
        ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(io.vertx.core.buffer.Buffer.buffer(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static void pdf(RoutingContext ctx, byte[] bytes, String name) {
        ctx.response().putHeader("content-type", "application/pdf")
                .putHeader("content-disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9_-]", "-")
                        + ".pdf\"")
                .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    private static ApiException refused(AdminException e) {
        int status = switch (e.code()) {
            case "SHOP_INVALID", "CASH_INVALID", "CALLS_INVALID" -> 400;
            case "NOT_A_SHOP_OPERATOR" -> 403;
            case "TENANT_UNKNOWN", "ACCOUNT_UNKNOWN", "SHOP_UNKNOWN", "SESSION_UNKNOWN", "SESSION_NOT_YOURS" -> 404;
            case "SESSION_TOO_LARGE" -> 422;
            default -> 409;
        };
        String code = e.code().equals("SESSION_NOT_YOURS") ? "SESSION_UNKNOWN" : e.code();
        return new ApiException(status, code, e.getMessage());
    }
}
