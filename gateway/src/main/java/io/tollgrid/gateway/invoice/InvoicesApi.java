package io.tollgrid.gateway.invoice;

import io.tollgrid.billing.period.BillingCycle;
import io.tollgrid.billing.period.BillingPeriod;
import io.tollgrid.billing.period.BillingProfile;
import io.tollgrid.billing.period.Cadence;
import io.tollgrid.billing.tax.TaxRounding;
import io.tollgrid.billing.tax.TaxRule;
import io.tollgrid.billing.tax.TaxTreatment;
import io.tollgrid.gateway.auth.Access;
import io.tollgrid.gateway.auth.Caller;
import io.tollgrid.gateway.http.ApiContract;
import io.tollgrid.gateway.http.ApiException;
import io.tollgrid.gateway.http.JsonBodies;
import io.tollgrid.gateway.http.Responses;
import io.tollgrid.grid.account.Account;
import io.tollgrid.grid.admin.GridAdmin;
import io.tollgrid.grid.charging.ChargingClient;
import io.tollgrid.grid.ledger.TransferKind;
import io.tollgrid.grid.ledger.TransferResult;
import io.tollgrid.grid.tenancy.Tenant;
import io.tollgrid.history.CdrStore;
import io.tollgrid.history.RatedCdr;
import io.tollgrid.history.invoice.ChargeLine;
import io.tollgrid.history.invoice.Invoice;
import io.tollgrid.history.invoice.InvoiceException;
import io.tollgrid.history.invoice.InvoiceLine;
import io.tollgrid.history.invoice.InvoiceRun;
import io.tollgrid.history.invoice.InvoiceSettings;
import io.tollgrid.history.invoice.InvoiceStore;
import io.tollgrid.history.invoice.PaymentAllocation;
import io.tollgrid.money.Money;
import io.tollgrid.money.Percentage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The invoice API under {@code /admin}: billing profiles, tax rules and invoice settings; invoice runs; reading an
 * invoice as JSON, PDF or HTML; void, credit notes and payments. Who may call each operation is
 * {@link io.tollgrid.gateway.auth.Rules}' table, and {@link Access} has checked every account and tenant the request
 * names against the caller's reach before a handler runs; every POST is in the audit log. Handlers block (Cassandra
 * reads and LWTs, the grid's ledger): mounted as blocking handlers.
 */
public final class InvoicesApi {
    /** The most accounts one run invoices (more: run by account). */
    public static final int MAX_RUN_ACCOUNTS = 2_000;
    private static final long LEDGER_TIMEOUT_SECONDS = 30;

    private final InvoiceRun run;
    private final InvoiceStore store;
    private final GridAdmin grid;
    private final ChargingClient charging;
    private final CdrStore cdrs;

    public InvoicesApi(InvoiceRun run, GridAdmin grid, ChargingClient charging, CdrStore cdrs) {
        this.run = run;
        this.store = run.store();
        this.grid = grid;
        this.charging = charging;
        this.cdrs = cdrs;
    }

    public void mount(Router router, ApiContract contract) {
        router.post("/admin/accounts/:account/billing-profile").handler(contract.validate("putBillingProfile"))
                .blockingHandler(this::putProfile, false);
        router.post("/admin/tax-rules").handler(contract.validate("putTaxRule")).blockingHandler(this::putTaxRule, false);
        router.post("/admin/invoice-settings").handler(contract.validate("putInvoiceSettings"))
                .blockingHandler(this::putSettings, false);
        router.post("/admin/invoice-runs").handler(contract.validate("runInvoices")).blockingHandler(this::runInvoices, false);
        router.get("/admin/accounts/:account/invoices").handler(contract.validate("listInvoices"))
                .blockingHandler(this::list, false);
        router.get("/admin/accounts/:account/invoices/:invoice").handler(contract.validate("getInvoice"))
                .blockingHandler(this::get, false);
        router.post("/admin/accounts/:account/invoices/:invoice/void").handler(contract.validate("voidInvoice"))
                .blockingHandler(this::voidInvoice, false);
        router.post("/admin/accounts/:account/invoices/:invoice/credit-notes").handler(contract.validate("creditInvoice"))
                .blockingHandler(this::credit, false);
        router.post("/admin/accounts/:account/payments").handler(contract.validate("recordPayment"))
                .blockingHandler(this::payment, false);
    }

    private Account account(RoutingContext ctx) {
        return grid.account(ctx.pathParam("account"))
                .orElseThrow(() -> new ApiException(404, "ACCOUNT_UNKNOWN", "no such account"));
    }

    private void putProfile(RoutingContext ctx) {
        Account account = account(ctx);
        JsonBodies body = JsonBodies.of(ctx);
        BillingProfile profile;
        try {
            profile = new BillingProfile(account.tenantId(), account.accountId(), new BillingCycle(
                    Cadence.valueOf(body.text("cadence").toUpperCase(Locale.ROOT)), body.positiveInt("anchorDay", 1),
                    ZoneId.of(body.text("zone"))), body.text("jurisdiction"));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ApiException.invalid(e.getMessage());
        }
        store.putProfile(profile);
        Responses.json(ctx, 201, new JsonObject().put("account", account.accountId()).put("tenantId", account.tenantId())
                .put("cadence", profile.cycle().cadence().name()).put("anchorDay", profile.cycle().anchorDay())
                .put("zone", profile.cycle().zone().getId()).put("jurisdiction", profile.jurisdiction()));
    }

    private void putTaxRule(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = tenant(body.id("tenantId"));
        TaxRule rule;
        try {
            rule = new TaxRule(tenant, body.text("jurisdiction"), body.text("name"), Percentage.parse(body.text("rate")),
                    TaxTreatment.valueOf(body.text("treatment").toUpperCase(Locale.ROOT)),
                    body.json().getBoolean("reverseCharge", false), TaxRounding.named(body.text("rounding")));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        store.putTaxRule(rule);
        Responses.json(ctx, 201, new JsonObject().put("tenantId", tenant).put("jurisdiction", rule.jurisdiction())
                .put("name", rule.name()).put("rate", rule.rate().toPlainString()).put("treatment", rule.treatment().name())
                .put("reverseCharge", rule.reverseCharge()).put("rounding", rule.rounding().name()));
    }

    private void putSettings(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = tenant(body.id("tenantId"));
        Map<String, String> strings = new HashMap<>();
        JsonObject given = body.json().getJsonObject("strings", new JsonObject());
        for (String key : given.fieldNames()) {
            if (!InvoiceStrings.KEYS.contains(key) || !(given.getValue(key) instanceof String text)) {
                throw ApiException.invalid("strings: not an invoice string, or not text: " + key);
            }
            strings.put(key, text);
        }
        InvoiceSettings settings;
        try {
            settings = new InvoiceSettings(tenant, body.optionalText("language", "en"),
                    body.json().getInteger("termsDays", 14), strings,
                    InvoiceSettings.UsageBy.valueOf(body.optionalText("usageBy", "DESTINATION")));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        store.putSettings(settings);
        Responses.json(ctx, 201, new JsonObject().put("tenantId", tenant).put("language", settings.language())
                .put("termsDays", settings.termsDays()).put("usageBy", settings.usageBy().name())
                .put("strings", new JsonObject(new HashMap<>(settings.strings()))));
    }

    private String tenant(String tenantId) {
        grid.tenant(tenantId).orElseThrow(() -> new ApiException(404, "TENANT_UNKNOWN", "no such tenant"));
        return tenantId;
    }

    /**
     * Invoices every account of the tenant that has a billing profile (or the one named), for the period that starts
     * on {@code period} or, without it, each account's last ended period. Each account is run on its own: a refusal
     * of one (a missing tax rule, an open period) is reported and the others go on. A repeat changes nothing.
     */
    private void runInvoices(RoutingContext ctx) {
        JsonBodies body = JsonBodies.of(ctx);
        String tenant = tenant(body.id("tenantId"));
        String only = body.json().getValue("accountId") == null ? null : body.id("accountId");
        LocalDate start = date(body.optionalText("period", null));
        Instant now = Instant.now();
        List<BillingProfile> profiles = only == null ? store.profiles(tenant, MAX_RUN_ACCOUNTS)
                : store.profile(tenant, only).map(List::of).orElseThrow(() -> new ApiException(404,
                "BILLING_PROFILE_UNKNOWN", "account " + only + " of " + tenant + " has no billing profile"));
        JsonArray issued = new JsonArray();
        JsonArray refused = new JsonArray();
        for (BillingProfile profile : profiles) {
            try {
                Account account = grid.account(profile.accountId())
                        .filter(found -> found.tenantId().equals(tenant))
                        .orElseThrow(() -> new InvoiceException("ACCOUNT_UNKNOWN", "no such account in the tenant"));
                BillingPeriod period = start == null ? profile.cycle().lastEndedAt(now)
                        : periodStarting(profile, start);
                Invoice invoice = run.run(profile, period, account.currency(), charges(account.accountId()), now);
                issued.add(new JsonObject().put("account", invoice.accountId()).put("invoice", invoice.documentKey())
                        .put("number", invoice.number()).put("gross", invoice.gross().toPlainString())
                        .put("currency", invoice.currency()));
            } catch (InvoiceException e) {
                refused.add(new JsonObject().put("account", profile.accountId()).put("code", e.code())
                        .put("message", e.getMessage()));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("tenantId", tenant).put("at", now.toString())
                .put("issued", issued).put("refused", refused));
    }

    private static BillingPeriod periodStarting(BillingProfile profile, LocalDate start) {
        try {
            return profile.cycle().periodStarting(start);
        } catch (IllegalArgumentException e) {
            throw new InvoiceException("PERIOD_INVALID", e.getMessage());
        }
    }

    /** The account's product charges in the ledger (CHARGE transfers keyed charge:PRODUCT:PERIOD). */
    private List<ChargeLine> charges(String accountId) {
        return LedgerCharges.of(grid, accountId);
    }

    private void list(RoutingContext ctx) {
        Account account = account(ctx);
        Instant now = Instant.now();
        JsonArray rows = new JsonArray();
        guarded(() -> store.ofAccount(account.tenantId(), account.accountId())).forEach(i -> rows.add(json(i, now, false)));
        Responses.json(ctx, 200, new JsonObject().put("account", account.accountId()).put("invoices", rows));
    }

    private Invoice document(RoutingContext ctx, Account account) {
        return store.document(account.tenantId(), account.accountId(), ctx.pathParam("invoice"))
                .filter(Invoice::numbered)
                .orElseThrow(() -> new ApiException(404, "INVOICE_UNKNOWN", "no such invoice"));
    }

    private void get(RoutingContext ctx) {
        Account account = account(ctx);
        Invoice invoice = document(ctx, account);
        Instant now = Instant.now();
        String format = ctx.queryParams().get("format") == null ? "json" : ctx.queryParams().get("format");
        InvoiceVariant variant = "detail".equals(ctx.queryParams().get("variant")) ? InvoiceVariant.DETAIL
                : InvoiceVariant.SUMMARY;
        if (format.equals("json")) {
            Responses.json(ctx, 200, json(invoice, now, true));
            return;
        }
        InvoiceSettings settings = store.settings(account.tenantId());
        InvoiceStrings words = new InvoiceStrings(settings.language(), settings.strings());
        List<RatedCdr> calls = variant == InvoiceVariant.DETAIL
                ? cdrs.find(account.tenantId(), account.accountId(), invoice.startsAt(), invoice.endsAt())
                .toCompletableFuture().join() : List.of();
        String tenantName = grid.tenant(account.tenantId()).map(Tenant::name).orElse(account.tenantId());
        var document = InvoiceRenderer.document(invoice, tenantName, words, variant, calls, now);
        boolean pdf = format.equals("pdf");
        byte[] bytes = pdf ? InvoiceRenderer.pdf(document, words) : InvoiceRenderer.html(document, words);
        String name = (invoice.kind().name().toLowerCase(Locale.ROOT) + "-" + invoice.number()).replace('_', '-');
        ctx.response().putHeader("content-type", pdf ? "application/pdf" : "text/html; charset=utf-8")
                .putHeader("content-disposition", (pdf ? "attachment" : "inline") + "; filename=\"" + name
                        + (pdf ? ".pdf" : ".html") + "\"")
                .end(Buffer.buffer(bytes));
    }

    private void voidInvoice(RoutingContext ctx) {
        Account account = account(ctx);
        Invoice invoice = guarded(() -> store.voidInvoice(account.tenantId(), account.accountId(), ctx.pathParam("invoice")));
        Responses.json(ctx, 200, json(invoice, Instant.now(), false));
    }

    private void credit(RoutingContext ctx) {
        Account account = account(ctx);
        JsonBodies body = JsonBodies.of(ctx);
        Money amount = body.money("amount", null);
        String reason = body.optionalText("reason", null);
        Invoice note = guarded(() -> run.creditNote(account.tenantId(), account.accountId(), ctx.pathParam("invoice"),
                body.id("creditNoteId"), amount, reason, Instant.now()));
        Responses.json(ctx, 201, json(note, Instant.now(), true));
    }

    /**
     * Records a payment: first the money, as a ledger transfer {@code payment:<paymentId>} (the operator's a TOPUP; a
     * tenant admin's a transfer from its wallet, as its top-ups are), then its allocation to the account's open
     * invoices, oldest first, stored once under the payment id. Both halves are keyed by the payment id, so a repeat
     * (or a retry after a crash between them) moves no money twice and settles nothing twice.
     */
    private void payment(RoutingContext ctx) {
        Account account = account(ctx);
        JsonBodies body = JsonBodies.of(ctx);
        String paymentId = body.id("paymentId");
        Money amount = body.money("amount", null);
        if (amount.micros() <= 0) {
            throw ApiException.invalid("'amount' must be positive");
        }
        Caller caller = Access.caller(ctx);
        String transferId = "payment:" + paymentId;
        TransferResult result;
        if (caller.isOperator()) {
            result = await(charging.transfer(account.accountId(), transferId, TransferKind.TOPUP, amount.micros(),
                    System.currentTimeMillis(), "payment " + paymentId));
        } else {
            if (account.tenantId().equals(caller.tenantId())) {
                throw new ApiException(403, "OWN_ACCOUNT", "a tenant records payments of its customers; the operator"
                        + " records payments into its own accounts");
            }
            String wallet = grid.tenant(caller.tenantId()).map(Tenant::walletAccount).orElse(null);
            if (wallet == null) {
                throw new ApiException(409, "NO_WALLET", "this tenant has no wallet account to pay from");
            }
            result = await(charging.transferBetween(wallet, account.accountId(), transferId, amount.micros(),
                    System.currentTimeMillis(), "payment " + paymentId));
        }
        if (result.refusal() != null) {
            throw new ApiException(result.refusal().equals("ACCOUNT_UNKNOWN") ? 404 : 409, result.refusal(),
                    "the payment's transfer was refused: " + result.refusal());
        }
        PaymentAllocation allocation = guarded(() -> store.allocate(account.tenantId(), account.accountId(), paymentId,
                amount, Instant.now()));
        JsonObject settled = new JsonObject();
        allocation.allocations().forEach((key, micros) -> settled.put(key, Money.ofMicros(micros).toPlainString()));
        Responses.json(ctx, allocation.replay() ? 200 : 201, new JsonObject().put("paymentId", paymentId)
                .put("account", account.accountId()).put("amount", amount.toPlainString())
                .put("transferId", transferId).put("settled", settled)
                .put("unallocated", allocation.unallocated().toPlainString())
                .put("balanceAfter", Money.ofMicros(result.transfer().balanceAfterMicros()).toPlainString())
                .put("replay", allocation.replay()));
    }

    private static TransferResult await(java.util.concurrent.CompletableFuture<TransferResult> pending) {
        try {
            return pending.get(LEDGER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ApiException(503, "GRID_UNAVAILABLE", "the ledger did not answer: " + e.getMessage());
        }
    }

    private static <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (InvoiceException e) {
            int status = switch (e.code()) {
                case "INVOICE_UNKNOWN", "ACCOUNT_UNKNOWN" -> 404;
                case "CREDIT_NOTE_INVALID", "PAYMENT_INVALID" -> 400;
                case "LIST_TOO_LARGE" -> 422;
                default -> 409;
            };
            throw new ApiException(status, e.code(), e.getMessage());
        }
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.invalid("'period' is a date, the first day of a period: " + text);
        }
    }

    /** An invoice on the wire; with its lines when {@code full}. Money as plain decimals with six places. */
    static JsonObject json(Invoice invoice, Instant now, boolean full) {
        JsonObject json = new JsonObject().put("invoice", invoice.documentKey()).put("number", invoice.number())
                .put("kind", invoice.kind().name()).put("account", invoice.accountId())
                .put("status", invoice.status(now).name()).put("currency", invoice.currency())
                .put("periodStart", invoice.periodStart().toString())
                .put("periodEnd", invoice.periodEnd().minusDays(1).toString()).put("zone", invoice.zone())
                .put("net", invoice.net().toPlainString()).put("tax", invoice.tax().toPlainString())
                .put("gross", invoice.gross().toPlainString()).put("paid", invoice.paid().toPlainString())
                .put("credited", invoice.credited().toPlainString())
                .put("outstanding", invoice.outstanding().toPlainString())
                .put("issuedAt", invoice.issuedAt().toString()).put("dueAt", invoice.dueAt().toString());
        if (invoice.creditOf() != null) {
            json.put("creditOf", invoice.creditOf());
        }
        if (full) {
            JsonArray lines = new JsonArray();
            for (InvoiceLine line : invoice.lines()) {
                lines.add(new JsonObject().put("kind", line.kind().name()).put("key", line.key())
                        .put("description", line.description()).put("calls", line.calls())
                        .put("billedSeconds", line.billedSeconds()).put("amount", line.amount().toPlainString())
                        .put("net", line.net().toPlainString()).put("tax", line.tax().toPlainString())
                        .put("gross", line.gross().toPlainString()));
            }
            json.put("lines", lines).put("tax", invoice.tax().toPlainString())
                    .put("taxRule", new JsonObject().put("name", invoice.taxName()).put("jurisdiction", invoice.jurisdiction())
                            .put("rate", new Percentage(invoice.taxRatePpm()).toPlainString())
                            .put("treatment", invoice.taxTreatment()).put("reverseCharge", invoice.reverseCharge())
                            .put("rounding", invoice.taxRounding()));
        }
        return json;
    }
}
